/** A `<LifecycleConfiguration>` document, validated as S3 validates it. */
import { invalidArgument, invalidRequest, malformedXml } from '../errors.js';
import { asNode, listOf, nodeOf, parseXml, textOf, type XmlNode } from '../xml.js';

const ACTIONS = ['Expiration', 'Transition', 'NoncurrentVersionExpiration', 'NoncurrentVersionTransition', 'AbortIncompleteMultipartUpload'];

/** Pure: `text` when it is a valid lifecycle configuration; S3's MalformedXML / InvalidArgument / InvalidRequest otherwise. */
export function checkLifecycle(text: string): string {
  const rules = listOf(parseXml(text, 'LifecycleConfiguration'), 'Rule').map(asNode);
  if (rules.length === 0 || rules.length > 1000) throw malformedXml();
  const ids = new Set<string>();
  for (const rule of rules) {
    const id = textOf(rule, 'ID');
    if (id !== undefined) {
      if ([...id].length > 255) throw invalidArgument('ID length should not exceed allowed limit of 255', 'ID', id);
      if (ids.has(id)) throw invalidArgument('Rule ID must be unique. Found same ID for more than one rule', 'ID', id);
      ids.add(id);
    }
    const status = textOf(rule, 'Status');
    if (status !== 'Enabled' && status !== 'Disabled') throw malformedXml();
    if ((rule.Filter !== undefined) === (rule.Prefix !== undefined) && rule.Filter !== undefined) throw malformedXml();
    if (!ACTIONS.some((action) => rule[action] !== undefined)) throw invalidRequest('At least one action needs to be specified in a rule');
    const expiration = nodeOf(rule, 'Expiration');
    if (expiration) checkExpiration(expiration);
    const abort = nodeOf(rule, 'AbortIncompleteMultipartUpload');
    if (abort) positiveDays(textOf(abort, 'DaysAfterInitiation'), 'DaysAfterInitiation');
    for (const transition of listOf(rule, 'Transition').map(asNode)) {
      if (textOf(transition, 'StorageClass') === undefined) throw malformedXml();
      const days = textOf(transition, 'Days');
      if (days !== undefined && !/^\d{1,9}$/.test(days)) throw invalidArgument("'Days' in the Transition action must be nonnegative", 'Days', days);
    }
  }
  return text;
}

function checkExpiration(expiration: XmlNode): void {
  const days = textOf(expiration, 'Days');
  const date = textOf(expiration, 'Date');
  const marker = textOf(expiration, 'ExpiredObjectDeleteMarker');
  if ([days, date, marker].filter((value) => value !== undefined).length !== 1) throw malformedXml();
  if (days !== undefined) positiveDays(days, 'Days');
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}T00:00:00(?:\.000)?Z$/.test(date)) throw invalidArgument("'Date' must be at midnight GMT", 'Date', date);
  if (marker !== undefined && marker !== 'true' && marker !== 'false') throw malformedXml();
}

function positiveDays(value: string | undefined, name: string): void {
  if (value === undefined || !/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw invalidArgument(`'${name}' for Expiration action must be a positive integer`, name, value ?? '');
  }
}
