import { Type, type Static } from '@sinclair/typebox';
import { NonEmpty } from '../../core/validation/index.js';

export const SmsTemplateRecord = Type.Object({
  body: Type.String(),
  template_id: Type.Integer(),
  template_name: Type.String(),
});

// No documented limits: a name fits a picker; a body may exceed one SMS before placeholders are filled.
export const SmsTemplateBody = Type.Object({
  template_name: NonEmpty(100, 'Name of the template.'),
  body: NonEmpty(5000, 'Body of the template.'),
});
export type SmsTemplateBody = Static<typeof SmsTemplateBody>;

export const TemplateIdParams = Type.Object({
  template_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
