/** The records as a Lambda event sent them, for checkLambdaResponse: their base64 texts at places in one buffer. */
export function sentEvent(records: Buffer[]): { records: { data: Buffer }[]; event: Buffer; textAt: number[] } {
  const textAt: number[] = [];
  let text = '';
  for (const data of records) {
    text += '"x":"';
    textAt.push(text.length);
    text += `${data.toString('base64')}",`;
  }
  return { records: records.map((data) => ({ data })), event: Buffer.from(text, 'latin1'), textAt };
}
