// The specs keep reader-facing text in `description` and provenance beside it: `x-inferred: "<sentence>"`
// (what the vendor does not state and we assumed) and `x-source: "<sentence>"` (where a fact comes from other
// than the vendor's API page). In the docs bundle only (never in the downloadable spec), each becomes a
// note after the description Redoc shows, on whatever carries it: info, operations, parameters, schemas,
// properties, responses.

/** The callout's lead-in: the reader's words for "we assumed this". */
export const INFERRED_LABEL = 'Not stated by the vendor:';
export const SOURCE_LABEL = 'Source:';

/** Values that are data, not description-bearing objects: never rewritten. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'x-codeSamples']);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A note as an HTML block (Redoc renders HTML in descriptions; its Markdoc admonitions lose their frame):
 * `kind` is the class the reference's stylesheet gives a callout's colours; inline `code` stays code.
 */
function note(kind: 'inferred' | 'source', label: string, text: string): string {
  const body = escapeHtml(text.trim()).replace(/`([^`]+)`/g, '<code>$1</code>');
  return `<div class="echo-note echo-${kind}" role="note"><strong>${escapeHtml(label)}</strong> ${body}</div>`;
}

/** The notes an object's provenance extensions add to its description (none when it has neither). */
export function provenanceNotes(node: Record<string, unknown>): string[] {
  const notes: string[] = [];
  const inferred = node['x-inferred'];
  // `true` (older specs) marks the element as assumed without saying why.
  if (typeof inferred === 'string' && inferred.trim()) notes.push(note('inferred', INFERRED_LABEL, inferred));
  else if (inferred === true) notes.push(note('inferred', INFERRED_LABEL, 'this is our assumption.'));
  const source = node['x-source'];
  if (typeof source === 'string' && source.trim()) notes.push(note('source', SOURCE_LABEL, source));
  return notes;
}

/** A copy of the document with every `x-inferred` and `x-source` rendered into the description beside it. */
export function withProvenanceNotes<T>(document: T): T {
  const walk = (node: unknown, parentKey = ''): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item));
    if (typeof node !== 'object' || node === null) return node;
    const copy: Record<string, unknown> = {};
    // Under `properties` the keys are property names, so a property called `example` is still a schema.
    for (const [key, value] of Object.entries(node)) copy[key] = DATA_KEYS.has(key) && parentKey !== 'properties' ? value : walk(value, key);
    const notes = provenanceNotes(copy);
    // A `$ref` sibling would be dropped by the bundler's consumers; notes go on the target instead.
    if (notes.length && !('$ref' in copy))
      copy.description = [typeof copy.description === 'string' ? copy.description : '', ...notes].filter(Boolean).join('\n\n');
    return copy;
  };
  return walk(document) as T;
}
