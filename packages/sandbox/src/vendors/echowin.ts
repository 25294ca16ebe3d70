import type { OperationContext, Reply, TenantRecords, VendorModule, VendorSandbox } from '../engine.js';
import { formatTime } from '../records.js';

type Json = Record<string, any>;

/** The colour echowin's examples give a tag created from `tagNames`. */
const NEW_TAG_COLOR = '#3B82F6';
const SORTABLE = new Set(['createdAt', 'firstName', 'lastName', 'email', 'number']);

/** `tagNames` become tag objects, creating the tags that do not exist yet (as echowin does). */
function tagsFor(records: TenantRecords, names: unknown, now: number): Json[] {
  if (!Array.isArray(names)) return [];
  const tags = records.list('tags');
  return names.map((name: string) => {
    const existing = tags.find((tag) => String(tag.name).toLowerCase() === name.toLowerCase());
    if (existing) return { id: existing.id, name: existing.name, color: existing.color };
    const id = records.newId('tags', 'tag-id-1');
    const created = { id, name, color: NEW_TAG_COLOR, createdAt: formatTime(now, ''), updatedAt: formatTime(now, '') };
    records.insert('tags', id, created);
    tags.push(created);
    return { id, name, color: NEW_TAG_COLOR };
  });
}

/** The body's fields as a contact record: tags from `tagNames`, custom fields kept. */
/** echowin cleans a number to E.164 ("any common format is accepted"): `+` and its digits; undefined when they make none. */
function cleanNumber(value: unknown): string | undefined {
  const number = `+${String(value).replace(/\D/g, '')}`;
  return /^\+[1-9]\d{1,14}$/.test(number) ? number : undefined;
}

/** The documented validation error for a number nothing can be cleaned from. */
function invalidNumber(ctx: OperationContext): Reply | undefined {
  if (!('number' in ctx.body) || cleanNumber(ctx.body.number)) return undefined;
  return ctx.error(400, 'Validation error', [{ field: 'number', message: 'Invalid phone number' }]);
}

function prepareContact(ctx: OperationContext, body: Json) {
  return (record: Json) => {
    if ('number' in body) record.number = cleanNumber(body.number) ?? record.number;
    delete record.tagNames;
    if ('tagNames' in body) record.tags = tagsFor(ctx.records, body.tagNames, ctx.now());
    record.tags ??= [];
    record.customFields ??= {};
    return record;
  };
}

function boardsOf(records: TenantRecords, contactId: string): string[] {
  return records.value<string[]>(`contactBoards:${contactId}`) ?? [];
}

function boardSummaries(records: TenantRecords, ids: string[]): Json[] {
  return ids
    .map((id) => records.get('boards', id))
    .filter((b): b is Json => b !== undefined)
    .map((b) => ({ id: b.id, name: b.name }));
}

function contactsWithBoard(records: TenantRecords, boardId: string): number {
  return records.list('contacts').filter((c) => boardsOf(records, String(c.id)).includes(boardId)).length;
}

/** Board ids from the body that do not exist: a 404 naming the first. */
function unknownBoard(ctx: OperationContext, ids: string[]): Reply | undefined {
  const missing = ids.find((id) => !ctx.records.get('boards', id));
  return missing === undefined ? undefined : ctx.notFound(`Board ${missing}`);
}

function addAssignments(ctx: OperationContext, contactId: string): Json[] {
  return (ctx.body.userIds as string[]).map((userId) => {
    const id = ctx.records.newId('assignments', 'assignment-id-1');
    // The sandbox knows no team members: the user is its id, the other required fields neutral when answered.
    const assignment = { id, contactId, userId, assignedAt: formatTime(ctx.now(), ''), user: { id: userId } };
    ctx.records.insert('assignments', id, assignment, contactId);
    return assignment;
  });
}

export const echowin: VendorModule = {
  seed(records, sandbox) {
    // The contact the board examples use sits on the board its example lists.
    const op = sandbox.model.operation('listContactBoards');
    const contactId = op.parameters.find((p) => p.name === 'contactId')?.example;
    const boardIds =
      (sandbox.model.operation('listContactBoards').responses['200']?.content?.['application/json']?.example as Json | undefined)?.data?.map(
        (b: Json) => b.id,
      ) ?? [];
    if (typeof contactId === 'string' && records.get('contacts', contactId)) records.setValue(`contactBoards:${contactId}`, boardIds);
    // Every board a documented request names exists (`board-id-789` appears in no board example): its id only,
    // the other required fields neutral when answered.
    for (const id of ['assignContactBoards', 'replaceContactBoards'].flatMap((name) => requestExample(sandbox, name)?.boardIds ?? [])) {
      if (!records.get('boards', id)) records.insert('boards', id, { id });
    }
  },
  operations: {
    listContacts(ctx, next) {
      const search = ctx.query.get('search')?.toLowerCase();
      const tagIds =
        ctx.query
          .get('tagIds')
          ?.split(',')
          .map((id) => id.trim())
          .filter(Boolean) ?? [];
      const sortBy = ctx.query.get('sortBy') ?? 'createdAt';
      const direction = ctx.query.get('sortOrder') === 'asc' ? 1 : -1;
      const reply = next({
        filter: (c) =>
          (!search ||
            ['firstName', 'lastName', 'email', 'number'].some((field) =>
              String(c[field] ?? '')
                .toLowerCase()
                .includes(search),
            )) &&
          // The page does not say any-or-all; a contact with any of the tags matches.
          (tagIds.length === 0 || ((c.tags as Json[] | undefined) ?? []).some((tag: Json) => tagIds.includes(tag.id))),
        sort: (a, b) => (SORTABLE.has(sortBy) ? direction * String(a[sortBy] ?? '').localeCompare(String(b[sortBy] ?? '')) : 0),
      });
      return withTagsAndFields(ctx, reply);
    },
    getContact(ctx, next) {
      const contactId = ctx.pathParams.contactId!;
      const reply = next({
        present: (c) => ({ ...c, notes: ctx.records.list('notes', contactId).map(({ id, note, createdAt }) => ({ id, note, createdAt })) }),
      });
      return withTagsAndFields(ctx, reply, true);
    },
    createContact: (ctx, next) => invalidNumber(ctx) ?? next({ prepare: prepareContact(ctx, ctx.body) }),
    // echowin's update answer omits `carrier` and `createdAt` (the Contact schema's description); the record keeps them.
    updateContact: (ctx, next) =>
      invalidNumber(ctx) ??
      next({ prepare: prepareContact(ctx, ctx.body), present: ({ carrier: _carrier, createdAt: _createdAt, ...contact }) => contact }),
    deleteContact(ctx, next) {
      const contactId = ctx.pathParams.contactId!;
      ctx.records.deleteChildren('notes', contactId);
      ctx.records.deleteChildren('assignments', contactId);
      ctx.records.setValue(`contactBoards:${contactId}`, []);
      return next();
    },
    bulkCreateContacts(ctx) {
      const example = ctx.sandbox.model.operation('createContact').responses['201']?.content?.['application/json']?.example as Json;
      const contacts = ctx.body.contacts as Json[];
      const valid = contacts.filter((fields) => cleanNumber(fields.number));
      for (const fields of valid) {
        const id = ctx.records.newId('contacts', example.data.id);
        const record = prepareContact(ctx, fields)({ customFields: {}, ...fields, id, createdAt: formatTime(ctx.now(), example.data.createdAt) });
        ctx.records.insert('contacts', id, record);
      }
      return ctx.ok({
        message: 'Bulk contact creation completed',
        summary: { requested: contacts.length, created: valid.length, errors: contacts.length - valid.length },
      });
    },
    addContactAssignments(ctx) {
      const created = addAssignments(ctx, ctx.pathParams.contactId!);
      return ctx.ok({ data: created, message: `Added ${created.length} assignment(s)` });
    },
    replaceContactAssignments(ctx) {
      ctx.records.deleteChildren('assignments', ctx.pathParams.contactId!);
      return ctx.ok({ data: addAssignments(ctx, ctx.pathParams.contactId!), message: 'Assignments updated successfully' });
    },
    listContactBoards(ctx) {
      const item = ctx.example().data?.[0] ?? {};
      const boards = boardsOf(ctx.records, ctx.pathParams.contactId!)
        .map((id) => ctx.records.get('boards', id))
        .filter((b): b is Json => b !== undefined);
      return ctx.ok({
        data: boards.map((b) => ({
          ...pick(b, Object.keys(item)),
          customFieldSchema: pick(b.customFieldSchema ?? {}, Object.keys(item.customFieldSchema ?? {})),
          contactCount: contactsWithBoard(ctx.records, b.id),
        })),
      });
    },
    assignContactBoards(ctx) {
      const ids = ctx.body.boardIds as string[];
      const unknown = unknownBoard(ctx, ids);
      if (unknown) return unknown;
      const contactId = ctx.pathParams.contactId!;
      ctx.records.setValue(`contactBoards:${contactId}`, [...new Set([...boardsOf(ctx.records, contactId), ...ids])]);
      return ctx.ok({ data: { message: `Contact assigned to ${ids.length} boards successfully`, boards: boardSummaries(ctx.records, ids) } });
    },
    replaceContactBoards(ctx) {
      const ids = [...new Set(ctx.body.boardIds as string[])];
      const unknown = unknownBoard(ctx, ids);
      if (unknown) return unknown;
      const contactId = ctx.pathParams.contactId!;
      const before = boardsOf(ctx.records, contactId);
      ctx.records.setValue(`contactBoards:${contactId}`, ids);
      return ctx.ok({
        data: {
          message: 'Contact board assignments updated successfully',
          removedFrom: before.filter((id) => !ids.includes(id)).length,
          addedTo: ids.filter((id) => !before.includes(id)).length,
          boards: boardSummaries(ctx.records, ids),
        },
      });
    },
    removeContactFromAllBoards(ctx) {
      const contactId = ctx.pathParams.contactId!;
      const removedFrom = boardsOf(ctx.records, contactId).length;
      ctx.records.setValue(`contactBoards:${contactId}`, []);
      return ctx.ok({ data: { message: 'Contact removed from all boards successfully', removedFrom } });
    },
    listTags: (ctx, next) =>
      next({
        present: (tag) => ({
          ...tag,
          contactCount: ctx.records.list('contacts').filter((c) => ((c.tags as Json[] | undefined) ?? []).some((t: Json) => t.id === tag.id)).length,
        }),
      }),
    createTag(ctx, next) {
      const name = String(ctx.body.name);
      if (ctx.records.list('tags').some((tag) => String(tag.name).toLowerCase() === name.toLowerCase())) {
        return ctx.error(400, 'Validation error', [{ field: 'name', message: `A tag named "${name}" already exists` }]);
      }
      return next({ prepare: (tag) => ({ ...tag, color: ctx.body.color ?? NEW_TAG_COLOR }) });
    },
    listBoards: (ctx, next) => next({ present: (board) => ({ ...board, contactCount: contactsWithBoard(ctx.records, String(board.id)) }) }),
  },
};

function requestExample(sandbox: VendorSandbox, operationId: string): Json | undefined {
  return sandbox.model.operation(operationId).requestBody?.content?.['application/json']?.example as Json | undefined;
}

/** The contact answers also carry the tenant's tags and custom field schemas, as the page shows. */
function withTagsAndFields(ctx: OperationContext, reply: Reply, keepFieldSchemas = false): Reply {
  if (reply.status >= 300) return reply;
  const body = reply.body as Json;
  if ('availableTags' in body) body.availableTags = ctx.records.list('tags').map(({ id, name, color }) => ({ id, name, color }));
  if ('customFieldSchemas' in body && !keepFieldSchemas) {
    const item = body.customFieldSchemas[0] ?? {};
    body.customFieldSchemas = ctx.records.list('customFields').map((field) => pick(field, Object.keys(item)));
  }
  return reply;
}

function pick(value: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((key) => key in value).map((key) => [key, value[key]]));
}
