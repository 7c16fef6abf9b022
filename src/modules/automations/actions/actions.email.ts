import type { AutomationEvent } from '../../../core/messaging/index.js';

/** An email an action sends: EMAIL_USER and EMAIL_FIXED forward the event. */
export interface ActionEmail {
  from: string;
  subject: string;
  text: string;
}

const RULE = '-------------------';

/** "Monday 1 June 2026, 10:32 UTC": the day the original message was sent, as the forwarded reply names it. */
function dayOf(unixS: number): string {
  return new Intl.DateTimeFormat('en-AU', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' }).format(
    new Date(unixS * 1000),
  );
}

/**
 * The email forwarding an event. An inbound SMS reads as ClickSend's reply emails do (webhooks.md §3): from
 * <replier>@<EMAIL_SMS_DOMAIN> (so answering the email answers the SMS through email-to-SMS), "You've received a
 * reply from <number>:", the reply, a rule, then the original message. A receipt is a short notice.
 */
export function actionEmail(event: AutomationEvent, emailSmsDomain: string): ActionEmail {
  switch (event.type) {
    case 'sms.inbound': {
      const digits = event.from.replace(/\D/g, '');
      const lines = [`You've received a reply from ${event.from}:`, event.body, RULE];
      if (event.originalBody !== null) lines.push(`Original Message on ${dayOf(event.timestamp)}:`, event.originalBody);
      return { from: `${digits}@${emailSmsDomain}`, subject: `SMS reply from ${event.from}`, text: `${lines.join('\n')}\n` };
    }
    case 'receipt': {
      const lines = [
        `Delivery receipt for your ${event.channel.toUpperCase()} to ${event.recipient}: ${event.status}.`,
        `Status: ${event.statusCode} ${event.statusText}`,
        ...(event.errorCode !== null ? [`Error: ${event.errorCode} ${event.errorText ?? ''}`.trim()] : []),
        `Message id: ${event.messageId}`,
        ...(event.customString ? [`Custom string: ${event.customString}`] : []),
      ];
      return { from: `Sendbox <no-reply@${emailSmsDomain}>`, subject: `Delivery receipt: ${event.status} (${event.recipient})`, text: `${lines.join('\n')}\n` };
    }
    case 'fax.inbound':
      return {
        from: `Sendbox <no-reply@${emailSmsDomain}>`,
        subject: `Fax received from ${event.from}`,
        text: `You've received a fax from ${event.from} on ${event.to}.\n${event.fileUrl ? `Document: ${event.fileUrl}\n` : ''}`,
      };
  }
}
