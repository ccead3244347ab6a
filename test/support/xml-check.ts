/**
 * A strict little XML reader for checking what `vpctwin serve` answers: enough XML 1.0 for
 * EC2's documents (prolog, elements, attributes, text, entity and character references), and
 * `ec2AnswerProblem`, which says what is wrong with an answer as an EC2 client would see it.
 * Written here rather than borrowed from a dependency so the check is strict on purpose: SDK
 * parsers are lenient, and a document only they accept is still broken for other clients.
 */

/** One element of a parsed document. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  /** The element's own text, entities decoded (children's text not included). */
  text: string;
}

const NAME = '[A-Za-z_][-A-Za-z0-9_.:]*';
const OPEN = new RegExp(`<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^<"]*"|'[^<']*'))*)\\s*(/?)>`, 'y');
const CLOSE = new RegExp(`</(${NAME})\\s*>`, 'y');
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^<"]*)"|'([^<']*)')`, 'g');
const PROLOG =
  /<\?xml\s+version\s*=\s*["']1\.0["'](?:\s+encoding\s*=\s*["'][A-Za-z0-9._-]+["'])?\s*\?>/y;
/** Characters XML 1.0 allows. */
const CHARS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const NAMED: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

const isXmlChar = (cp: number): boolean =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

/** Decodes character data, or says why it is not well-formed. */
function decodeText(raw: string): string | { problem: string } {
  if (!CHARS.test(raw))
    return { problem: `character not allowed in XML in ${JSON.stringify(raw)}` };
  if (raw.includes(']]>')) return { problem: "']]>' in character data" };
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const amp = raw.indexOf('&', i);
    if (amp < 0) return out + raw.slice(i);
    out += raw.slice(i, amp);
    REFERENCE.lastIndex = amp;
    const m = REFERENCE.exec(raw);
    if (m === null)
      return { problem: `bad reference at ${JSON.stringify(raw.slice(amp, amp + 12))}` };
    if (m[1] !== undefined) out += NAMED[m[1]];
    else {
      const cp = m[2] !== undefined ? Number(m[2]) : parseInt(m[3] ?? '', 16);
      if (!isXmlChar(cp)) return { problem: `reference to a non-XML character ${m[0]}` };
      out += String.fromCodePoint(cp);
    }
    i = REFERENCE.lastIndex;
  }
  return out;
}

function attributesOf(raw: string): Map<string, string> | { problem: string } {
  const out = new Map<string, string>();
  for (const m of raw.matchAll(ATTRIBUTE)) {
    const name = m[1] ?? '';
    if (out.has(name)) return { problem: `attribute ${name} repeated` };
    const value = decodeText(m[2] ?? m[3] ?? '');
    if (typeof value !== 'string') return value;
    out.set(name, value);
  }
  return out;
}

/**
 * Parses a whole document: one root element, optionally after a prolog.
 * @returns the root, or a string saying why the document is not well-formed
 */
export function parseXml(doc: string): XmlElement | string {
  let i = 0;
  PROLOG.lastIndex = 0;
  if (PROLOG.exec(doc) !== null) i = PROLOG.lastIndex;
  else if (doc.startsWith('<?xml')) return 'malformed XML declaration';
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const raw = doc.slice(i, lt < 0 ? doc.length : lt);
    const text = decodeText(raw);
    if (typeof text !== 'string') return text.problem;
    const parent = stack.at(-1);
    if (parent !== undefined) parent.text += text;
    else if (raw.trim() !== '') return `text outside the root element: ${JSON.stringify(raw)}`;
    if (lt < 0) break;
    CLOSE.lastIndex = lt;
    OPEN.lastIndex = lt;
    const close = CLOSE.exec(doc);
    if (close !== null) {
      const open = stack.pop();
      if (open?.name !== close[1]) return `</${close[1]}> closes <${open?.name ?? 'nothing'}>`;
      i = CLOSE.lastIndex;
      continue;
    }
    const tag = OPEN.exec(doc);
    if (tag === null) return `malformed markup at ${JSON.stringify(doc.slice(lt, lt + 30))}`;
    const attributes = attributesOf(tag[2] ?? '');
    if (!(attributes instanceof Map)) return attributes.problem;
    const element: XmlElement = { name: tag[1] ?? '', attributes, children: [], text: '' };
    if (parent !== undefined) parent.children.push(element);
    else if (root !== undefined) return `second root element <${element.name}>`;
    else root = element;
    if (tag[3] !== '/') stack.push(element);
    i = OPEN.lastIndex;
  }
  if (stack.length > 0) return `<${stack.at(-1)?.name ?? ''}> is never closed`;
  return root ?? 'no root element';
}

const child = (e: XmlElement | undefined, name: string): XmlElement | undefined =>
  e?.children.find((c) => c.name === name);

const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** The code and message of an EC2 error document, when the body is one. */
export function ec2Error(body: string): { code: string; message: string } | undefined {
  const root = parseXml(body);
  if (typeof root === 'string' || root.name !== 'Response') return undefined;
  const error = child(child(root, 'Errors'), 'Error');
  if (error === undefined) return undefined;
  return { code: child(error, 'Code')?.text ?? '', message: child(error, 'Message')?.text ?? '' };
}

/**
 * What is wrong with an answer of `vpctwin serve`, or undefined when it is a well-formed EC2
 * answer: a 200 with `<{action}Response xmlns=…><requestId>`, or a 4xx with
 * `<Response><Errors><Error><Code>…</Code><Message>…</Message>` and a non-empty code and
 * message. Any 5xx is a problem: EC2 clients retry those as server faults.
 * @param action the action the request named, when the caller knows it is a valid one
 */
export function ec2AnswerProblem(
  action: string | undefined,
  status: number,
  body: string,
): string | undefined {
  const root = parseXml(body);
  if (typeof root === 'string') return `HTTP ${status}, not well-formed XML: ${root}`;
  if (status === 200) {
    if (action !== undefined && root.name !== `${action}Response`) {
      return `200 with root <${root.name}>, expected <${action}Response>`;
    }
    if (!root.name.endsWith('Response') || root.name === 'Response') {
      return `200 with root <${root.name}>`;
    }
    if (root.attributes.get('xmlns') !== EC2_NAMESPACE) return '200 without the EC2 namespace';
    if (root.children[0]?.name !== 'requestId' || root.children[0].text === '') {
      return '200 without a leading <requestId>';
    }
    return undefined;
  }
  const error = ec2Error(body);
  const what = error === undefined ? '' : ` ${error.code}: ${error.message}`;
  if (status < 400 || status > 499) return `HTTP ${status}${what}`;
  if (error === undefined) return `HTTP ${status} without <Response><Errors><Error>`;
  if (error.code === '' || error.message === '')
    return `HTTP ${status} with an empty code or message`;
  if ((child(root, 'RequestID')?.text ?? '') === '') return `HTTP ${status} without <RequestID>`;
  return undefined;
}
