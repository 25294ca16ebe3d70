import type { OperationContext, Reply, VendorModule } from '../engine.js';
import { formatTime } from '../records.js';

type Json = Record<string, any>;

/** The picture UserEcho shows for a user without one (its examples' `avatar_url`). */
const NO_AVATAR = 'https://cdn.userecho.com/images/no_avatar_48.jpg';

/** The user the access token belongs to: the first user of the tenant (the examples' "Best user"). */
function currentUser(ctx: OperationContext): Json | undefined {
  return ctx.records.list('users')[0];
}

/** UserEcho's `details` block: `from` is the 1-based position of the first item on the page. */
function withFrom(reply: Reply): Reply {
  const details = (reply.body as Json | undefined)?.details;
  if (details && typeof details.page === 'number' && typeof details.limit === 'number') details.from = (details.page - 1) * details.limit + 1;
  return reply;
}

/** A forum must exist for its types, statuses and categories (which every forum shares here). */
function forumExists(ctx: OperationContext): Reply | undefined {
  return ctx.records.get('forums', ctx.pathParams.forum_id!) ? undefined : ctx.notFound(`Forum ${ctx.pathParams.forum_id}`);
}

/** A type must exist for its statuses (the documented 404 otherwise). */
function typeExists(ctx: OperationContext): Reply | undefined {
  const id = ctx.pathParams.type_id!;
  return ctx.records.list('forumTypes').some((type) => String(type.id) === id) ? undefined : ctx.notFound(`Type ${id}`);
}

/** Topic fields as stored: the body's ids become the objects a topic answers with. */
function prepareTopic(ctx: OperationContext) {
  return (topic: Json): Json => {
    const now = formatTime(ctx.now(), '');
    const types = ctx.records.list('forumTypes');
    if (typeof topic.type === 'number') topic.type = types.find((t) => t.id === topic.type) ?? { id: topic.type, name: 'Ideas' };
    if (Array.isArray(topic.tags)) topic.tags = topic.tags.map((tag: unknown) => (typeof tag === 'number' ? { id: tag } : tag));
    if (topic.custom_fields && !Array.isArray(topic.custom_fields)) {
      topic.custom_fields = Object.entries(topic.custom_fields as Json).map(([code_name, value], index) => ({
        id: index + 1,
        code_name,
        name: code_name,
        value,
      }));
    }
    const author = currentUser(ctx);
    topic.author ??= author ? { id: author.id, name: author.display_name, title: '', avatar_url: author.avatar_url } : undefined;
    topic.comment_count ??= 0;
    topic.updated = now;
    delete topic.category;
    delete topic.show_voter;
    delete topic.needs_review;
    delete topic.assigned_to;
    return topic;
  };
}

export const userecho: VendorModule = {
  seed(records, sandbox) {
    // The user the SSO example finds carries the example's guid.
    const op = sandbox.model.operation('getUserBySsoGuid');
    const guid = op.parameters.find((p) => p.name === 'sso_guid')?.example;
    const user = (op.responses['200']?.content?.['application/json']?.example as Json | undefined)?.data;
    if (typeof guid === 'string' && user && records.get('users', user.id))
      records.update('users', user.id, { ...records.get('users', user.id), _sso_guid: guid });
  },
  operations: {
    listUsers: (_ctx, next) => withFrom(next()),
    listUserGroups: (_ctx, next) => withFrom(next()),
    listForums: (_ctx, next) => withFrom(next()),
    listForumTypes: (ctx, next) => forumExists(ctx) ?? withFrom(next()),
    listTypeStatuses: (ctx, next) => forumExists(ctx) ?? typeExists(ctx) ?? withFrom(next()),
    listForumCategories: (ctx, next) => forumExists(ctx) ?? withFrom(next()),
    getCurrentUser(ctx) {
      const user = currentUser(ctx);
      return user ? ctx.ok({ status: 'success', data: user }) : ctx.notFound('User');
    },
    getUserBySsoGuid(ctx) {
      const user = ctx.records.list('users').find((u) => u._sso_guid === ctx.pathParams.sso_guid);
      if (!user) return ctx.notFound(`User with SSO guid ${ctx.pathParams.sso_guid}`);
      const { _sso_guid, ...visible } = user;
      return ctx.ok({ status: 'success', data: visible });
    },
    getOrCreateUser(ctx) {
      const email = String(ctx.body.email ?? '').toLowerCase();
      const existing = ctx.records.list('users').find((u) => String(u.email ?? '').toLowerCase() === email);
      if (existing) return ctx.ok({ status: 'success', data: { ...existing, is_created: false } });
      const example = ctx.example().data as Json;
      const id = ctx.records.newId('users', example.id);
      const name = String(ctx.body.name ?? email.split('@')[0]);
      const now = formatTime(ctx.now(), example.date_joined);
      // What UserEcho's example shows for a new user, none of it personal: the name everywhere, no title, no
      // activity, not staff, authenticated, the vendor's no-avatar image.
      const user: Json = {
        id,
        display_name: name,
        name,
        name_and_title: name,
        slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        email,
        ...(ctx.body.language === undefined ? {} : { language: ctx.body.language }),
        title: '',
        avatar_url: NO_AVATAR,
        rating: 0,
        updates_count: 0,
        is_staff: false,
        is_authenticated: true,
        last_activity: now,
        date_joined: now,
      };
      ctx.records.insert('users', id, user);
      return ctx.ok({ status: 'success', data: { ...user, is_created: true } });
    },
    createForum: (ctx, next) =>
      next({
        prepare: (forum) => {
          const { locale, allow_anonymous_votes, allow_anonymous_comments, ...rest } = forum;
          return {
            ...rest,
            type: { id: 1, name: String(forum.type ?? 'PUBLIC') },
            is_default: false,
            vote_count: 0,
            comment_count: 0,
            topic_count: 0,
          };
        },
      }),
    listTopics(ctx, next) {
      const statuses = ctx.query.get('filter__status__in')?.split(',').map(Number);
      const order = ctx.query.get('order_by') ?? '-created';
      const key = order.replace(/^-/, '');
      const direction = order.startsWith('-') ? -1 : 1;
      return withFrom(
        next({
          filter: (t) => !statuses || statuses.includes((t.status as Json | undefined)?.id),
          sort: (a, b) => direction * String(a[key] ?? '').localeCompare(String(b[key] ?? '')),
        }),
      );
    },
    searchTopics(ctx, next) {
      const query = (ctx.query.get('query') ?? '').toLowerCase();
      return withFrom(next({ filter: (t) => `${t.header ?? ''} ${t.description ?? ''}`.toLowerCase().includes(query) }));
    },
    createTopic(ctx, next) {
      const status = ctx.records.list('typeStatuses')[0];
      return next({
        prepare: (topic) => ({ ...prepareTopic(ctx)(topic), status: status ? { ...status, updated: formatTime(ctx.now(), '') } : undefined }),
      });
    },
    updateTopic: (ctx, next) => next({ prepare: prepareTopic(ctx) }),
    listComments: (_ctx, next) => withFrom(next()),
    createComment(ctx, next) {
      const topicId = ctx.pathParams.topic_id!;
      const topic = ctx.records.get('topics', topicId)!;
      ctx.records.update('topics', topicId, { ...topic, comment_count: Number(topic.comment_count ?? 0) + 1 });
      const author = currentUser(ctx);
      return next({
        prepare: (comment) => ({ ...comment, created: formatTime(ctx.now(), ''), author: author && { id: author.id, name: author.display_name } }),
      });
    },
  },
};
