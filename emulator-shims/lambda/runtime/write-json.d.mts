export declare function grownSize(current: number, needed: number): number;
/** Writes JSON.stringify(value) as UTF-8 into `buffer` from `at`; see write-json.mjs. */
export declare function writeJson(value: unknown, buffer: Buffer, at: number): { buffer: Buffer; end: number } | undefined;
