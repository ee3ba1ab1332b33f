import { MemoryStore } from '../../state/memory';
import { runKeyValueStoreContract } from './keyValueContract';

runKeyValueStoreContract('In-memory', async () => new MemoryStore());
