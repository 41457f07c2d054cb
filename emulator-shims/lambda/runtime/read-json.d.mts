/** JSON.parse(bytes.toString('utf8')), with the same value and errors; see read-json.mjs. */
export declare function readJson(bytes: Buffer): unknown;
