/** S3's XML: request documents parsed (fast-xml-parser) into plain objects; answers written as text. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeXml } from '../shared/index.js';
import { malformedXml } from './errors.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export type XmlNode = Record<string, unknown>;

// Elements that may repeat in the documents S3 reads; always parsed as arrays.
const REPEATED = new Set([
  'Part', 'Object', 'Tag', 'Rule', 'CORSRule', 'AllowedMethod', 'AllowedOrigin', 'AllowedHeader', 'ExposeHeader', 'Grant',
  'Transition', 'NoncurrentVersionTransition', 'And', 'Condition',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => REPEATED.has(name),
});

/**
 * Pure: a request document as an object under its root element's name. Anything not well-formed,
 * any DTD (entity expansion) or a root other than `root` is S3's `MalformedXML`.
 */
export function parseXml(text: string, root: string): XmlNode {
  if (text.trim() === '' || /<!DOCTYPE|<!ENTITY/i.test(text) || XMLValidator.validate(text) !== true) throw malformedXml();
  let parsed: XmlNode;
  try {
    parsed = parser.parse(text) as XmlNode;
  } catch {
    throw malformedXml();
  }
  const keys = Object.keys(parsed);
  const value = parsed[root];
  if (keys.length !== 1 || value === undefined) throw malformedXml();
  return value === '' ? {} : asNode(value);
}

/** A child element as a node (an empty element is an empty node); anything else is MalformedXML. */
export function asNode(value: unknown): XmlNode {
  if (value === '') return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformedXml();
  return value as XmlNode;
}

/** The text of a child element, undefined when absent; an element with children is MalformedXML. */
export function textOf(node: XmlNode, name: string): string | undefined {
  const value = node[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length !== 1) throw malformedXml();
    return textValue(value[0]);
  }
  return textValue(value);
}

/** The repeated children of an element (registered in REPEATED), or [] when there are none. */
export function listOf(node: XmlNode, name: string): unknown[] {
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A child node, undefined when absent. */
export function nodeOf(node: XmlNode, name: string): XmlNode | undefined {
  const value = node[name];
  return value === undefined ? undefined : asNode(value);
}

function textValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw malformedXml();
}

/** `<name>text</name>`, escaped; nothing for undefined. */
export function element(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole answer document with S3's namespace on its root. */
export function xmlDocument(root: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${inner}</${root}>`;
}
