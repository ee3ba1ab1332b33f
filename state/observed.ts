import type { KeyValueStore } from './kv';

/**
 * `store`, telling `onError` about every call that fails (then failing as usual): the server counts
 * them in `yibao_store_errors_total`. Every method is watched, whatever the store offers beyond
 * `KeyValueStore`; `operation` is the method's name (`get`, `set`, `setIfAbsent` …).
 */
export function reportingErrors<S extends KeyValueStore>(store: S, onError: (operation: string, error: unknown) => void): S {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      const operation = String(property);
      return (...args: unknown[]): unknown => {
        const report = (error: unknown): never => {
          onError(operation, error);
          throw error;
        };
        try {
          const result: unknown = value.apply(target, args);
          return result instanceof Promise ? result.catch(report) : result;
        } catch (error) {
          return report(error);
        }
      };
    },
  });
}
