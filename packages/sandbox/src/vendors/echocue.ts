import type { OperationContext, Reply, TenantRecords, VendorModule } from '../engine.js';

type Json = Record<string, any>;

/**
 * The lifecycle of a notification, in virtual seconds after it is due (sent now, or at `schedule_time`):
 * pending while queued, then sent, then delivered. The page lists the statuses but not their timing; these
 * are our choice, short enough to watch with `POST /__sandbox/clock`.
 */
export const LIFECYCLE_SECONDS = { sent: 5, delivered: 15 };
/** Credits one message costs (the page says sending spends credits, not how many: one per message). */
const CREDITS_PER_MESSAGE = 1;

interface Credits {
  balance: number;
  used_this_month: number;
}

function credits(ctx: OperationContext): Credits {
  return ctx.records.value<Credits>('credits') ?? { balance: 0, used_this_month: 0 };
}

function statusAt(notification: Json, now: number): string {
  if (notification._cancelled) return 'failed';
  const age = (now - Number(notification._due)) / 1000;
  return age < 0 ? 'pending' : age < LIFECYCLE_SECONDS.sent ? 'pending' : age < LIFECYCLE_SECONDS.delivered ? 'sent' : 'delivered';
}

function present(now: number) {
  return (notification: Json): Json => ({
    ...notification,
    status: notification._due === undefined ? notification.status : statusAt(notification, now),
  });
}

/** `schedule_time` (`YYYY-MM-DD HH:MM:SS`, UTC) as ms; the timezone option is not modelled (UTC is used). */
function dueTime(body: Json, now: number): number {
  const scheduled = typeof body.schedule_time === 'string' ? Date.parse(`${body.schedule_time.replace(' ', 'T')}Z`) : Number.NaN;
  return Number.isNaN(scheduled) ? now : Math.max(now, scheduled);
}

/** The message text: literal, or the template's body with `{{name}}` filled from `variables`. */
function messageText(records: TenantRecords, body: Json): string | { unknownTemplate: string } {
  if (typeof body.message === 'string') return body.message;
  const template = records.get('templates', body.template_id);
  if (!template) return { unknownTemplate: String(body.template_id) };
  return String(template.body).replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => body.variables?.[name] ?? whole);
}

/** The thread of a recipient (created on first message), with the message appended. */
function appendToThread(records: TenantRecords, contact: string, message: string): void {
  let thread = records.list('threads').find((t) => t.contact === contact);
  if (!thread) {
    const id = records.newId('threads', 789);
    thread = { thread_id: id, contact };
    records.insert('threads', id, thread);
  }
  records.insert('messages', `message-${records.nextSeq('messages')}`, { message }, thread.thread_id as number);
}

/** Queues messages after charging for all of them at once: 402 when the balance does not cover them. */
function send(ctx: OperationContext, messages: Json[], channel: 'sms' | 'whatsapp'): Reply | Json[] {
  const balance = credits(ctx);
  const cost = messages.length * CREDITS_PER_MESSAGE;
  if (balance.balance < cost) return ctx.error(402, `Insufficient credits: ${cost} needed, ${balance.balance} available`);
  const texts = messages.map((body) => messageText(ctx.records, body));
  const unknown = texts.find((text): text is { unknownTemplate: string } => typeof text !== 'string');
  if (unknown) return ctx.error(400, `Template ${unknown.unknownTemplate} not found`);
  ctx.records.setValue('credits', { balance: balance.balance - cost, used_this_month: balance.used_this_month + cost });
  return messages.map((body, index) => {
    const id = ctx.records.newId('notifications', 12345);
    const notification = {
      notification_id: id,
      status: 'pending',
      delivery_type: channel,
      template_id: body.template_id ?? null,
      template_vars: body.variables ?? null,
      message: texts[index] as string,
      _due: dueTime(body, ctx.now()),
      _recipient: body.recipient_contact,
    };
    ctx.records.insert('notifications', id, notification);
    if (typeof body.recipient_contact === 'string') appendToThread(ctx.records, body.recipient_contact, texts[index] as string);
    return notification;
  });
}

function sendOne(channel: 'sms' | 'whatsapp') {
  return (ctx: OperationContext): Reply => {
    const sent = send(ctx, [ctx.body], channel);
    if (!Array.isArray(sent)) return sent;
    const example = ctx.example();
    const { notification_id, template_id, template_vars, message } = sent[0]!;
    return ctx.ok({ ...example, data: { notification_id, template_id, template_vars, message } });
  };
}

function csvField(value: unknown): string {
  const text = String(value ?? '');
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const echocue: VendorModule = {
  seed(records, sandbox) {
    const example = sandbox.model.operation('getCreditStats').responses['200']?.content?.['application/json']?.example as Json | undefined;
    records.setValue('credits', example?.data ?? { balance: 5000, used_this_month: 0 });
  },
  operations: {
    listDevices(ctx, next) {
      const status = ctx.query.get('status');
      return next({ filter: (device) => !status || device.status === status });
    },
    exportDevices(ctx, next) {
      const includeInactive = ctx.query.get('include_inactive') === 'true';
      const reply = next({ filter: (device) => includeInactive || device.status !== 'inactive' });
      const accept = String(ctx.headers.accept ?? '');
      // An explicit Accept decides; otherwise `format` does (default json).
      const csv = accept.includes('text/csv') || (!accept.includes('application/json') && ctx.query.get('format') === 'csv');
      if (!csv) return reply;
      // The page documents no columns; those of the device object, as the example's header row shows.
      const devices = (reply.body as Json).data.devices as Json[];
      const rows = ['device_id,name,status', ...devices.map((d) => [d.device_id, d.name, d.status].map(csvField).join(','))].join('\n');
      return { status: reply.status, mediaType: 'text/csv', body: `${rows}\n` };
    },
    registerDevicesBatch(ctx) {
      for (const device of ctx.body.devices as Json[]) {
        const id = ctx.records.newId('devices', 123);
        ctx.records.insert('devices', id, { ...device, device_id: id, status: 'active' });
      }
      return ctx.ok({ ...ctx.example(), data: { registered: ctx.body.devices.length } });
    },
    deleteDevicesBatch(ctx) {
      const deleted = (ctx.body.device_ids as number[]).filter((id) => ctx.records.delete('devices', id)).length;
      return ctx.ok({ ...ctx.example(), data: { deleted } });
    },
    updateDevicesStatusBatch(ctx) {
      let updated = 0;
      for (const id of ctx.body.device_ids as number[]) {
        const device = ctx.records.get('devices', id);
        if (!device) continue;
        ctx.records.update('devices', id, { ...device, status: ctx.body.status });
        updated++;
      }
      return ctx.ok({ ...ctx.example(), data: { updated } });
    },
    searchContacts(ctx, next) {
      const query = String(ctx.body.query ?? '').toLowerCase();
      return next({
        filter: (c) =>
          ['name', 'phone', 'email'].some((field) =>
            String(c[field] ?? '')
              .toLowerCase()
              .includes(query),
          ),
      });
    },
    listNotifications(ctx, next) {
      const status = ctx.query.get('status');
      const type = ctx.query.get('delivery_type');
      return next({ present: present(ctx.now()), filter: (n) => (!status || n.status === status) && (!type || n.delivery_type === type) });
    },
    getNotification: (ctx, next) => next({ present: present(ctx.now()) }),
    cancelNotification(ctx) {
      const id = ctx.body.notification_id as number;
      const notification = ctx.records.get('notifications', id)!;
      const status = present(ctx.now())(notification).status;
      if (status !== 'pending') return ctx.error(400, `Notification ${id} is ${status} and can no longer be cancelled`);
      ctx.records.update('notifications', id, { ...notification, _cancelled: true });
      return ctx.ok({ ...ctx.example(), data: { notification_id: id } });
    },
    sendSms: sendOne('sms'),
    sendWhatsApp: sendOne('whatsapp'),
    sendBulkSms(ctx) {
      const sent = send(ctx, ctx.body.messages, 'sms');
      if (!Array.isArray(sent)) return sent;
      return ctx.ok({ ...ctx.example(), data: { notification_ids: sent.map((n) => n.notification_id) } });
    },
    getNotificationStats(ctx) {
      const counts = { sent: 0, delivered: 0, failed: 0, pending: 0 };
      for (const n of ctx.records.list('notifications').map(present(ctx.now()))) {
        if (n.status === 'pending') counts.pending++;
        if (n.status === 'failed') counts.failed++;
        // "sent" counts every message that left, delivered or not yet.
        if (n.status === 'sent' || n.status === 'delivered') counts.sent++;
        if (n.status === 'delivered') counts.delivered++;
      }
      return ctx.ok({ ...ctx.example(), data: counts });
    },
    getCreditStats: (ctx) => ctx.ok({ ...ctx.example(), data: credits(ctx) }),
  },
};
