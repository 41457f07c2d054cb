import { LogFormatError } from './errors.js';
import { tokenizeLogFormat } from './tokenize-format.js';
import { variableKind, type VariableKind } from './variable-kinds.js';

/** One variable of a compiled format and the text nginx writes after it. */
export interface Step {
  readonly name: string;
  readonly kind: VariableKind;
  /** The text nginx writes after this variable; '' only for a variable that ends the format. */
  readonly literal: string;
  readonly isTime: boolean;
  /** Keys from splitting `$request` that no variable of the format already uses. */
  readonly requestKeys: readonly ('method' | 'uri' | 'protocol')[];
}

// The event's time comes from the first of these the format has.
const TIME_VARIABLES = ['time_local', 'time_iso8601', 'msec'];

/** A format as the scanners read it: leading text, then variables each followed by their text. */
export interface FormatPlan {
  readonly prefix: string;
  readonly steps: readonly Step[];
}

/** Plans how to scan lines of `format`; throws LogFormatError when a line could not be split unambiguously. */
export function planFormat(format: string): FormatPlan {
  const segments = tokenizeLogFormat(format);
  const names = new Set(segments.flatMap((segment) => (segment.kind === 'variable' ? [segment.name] : [])));
  if (names.size === 0) throw new LogFormatError('log format has no $variables', format);
  const timeVariable = TIME_VARIABLES.find((name) => names.has(name));
  const requestKeys = (['method', 'uri', 'protocol'] as const).filter((key) => !names.has(key));
  const prefix = segments[0]?.kind === 'literal' ? segments[0].text : '';
  const steps: Step[] = [];
  for (let i = prefix === '' ? 0 : 1; i < segments.length; i += 1) {
    const segment = segments[i];
    if (segment?.kind !== 'variable') continue;
    const next = segments[i + 1];
    if (next?.kind === 'variable') {
      throw new LogFormatError(`$${segment.name} and $${next.name} are adjacent: without text between them a line cannot be split`, format);
    }
    const kind = variableKind(segment.name);
    steps.push({
      name: segment.name,
      kind,
      literal: next?.text ?? '',
      isTime: segment.name === timeVariable,
      requestKeys: kind === 'request' ? requestKeys : [],
    });
  }
  return { prefix, steps };
}
