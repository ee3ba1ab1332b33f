/** Types of scripts/build.mjs (plain JavaScript: it runs before anything is compiled). */
export declare const ROOT: string;
export declare const DIST: string;
export declare const STAMP: string;
export declare const BUILD_TSCONFIG: string;
export declare function sourceFolders(): string[];
export declare function staleReason(): string | null;
export declare function rewriteSpecifiers(code: string, dir: string, file?: string): string;
export declare function tscScript(): string;
export declare function build(log?: (line: string) => void): void;
