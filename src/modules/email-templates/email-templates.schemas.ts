import { Type, type Static } from '@sinclair/typebox';
import { NonEmpty } from '../../core/validation/index.js';

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const Thumbnail = Type.Object({ large: Type.String(), small: Type.String() });

// ClickSend's examples: date_added a string of unix seconds.
export const MasterTemplateRecord = Type.Object({
  date_added: Type.String(),
  template_id_master: Type.Integer(),
  template_name: Type.String(),
  thumbnail: Thumbnail,
});

/** In the per-category listing ClickSend adds the body and the category. */
export const MasterTemplateWithBody = Type.Object({
  body: Type.String(),
  category_id: Type.Integer(),
  ...MasterTemplateRecord.properties,
});

export const CategoryRecord = Type.Object({ category_id: Type.Integer(), name: Type.String() });

export const UserTemplateRecord = Type.Object({
  body: Type.String(),
  template_id: Type.Integer(),
  template_id_master: Type.Integer(),
  template_name: Type.String(),
});

export const UserTemplateListItem = Type.Object({ template_id: Type.Integer(), template_name: Type.String() });

export const NewTemplateBody = Type.Object({
  template_name: NonEmpty(200, 'Name of the new template.'),
  template_id_master: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The master template whose body is copied (GET /email/master-templates).' }),
});
export type NewTemplateBody = Static<typeof NewTemplateBody>;

// The new docs require only body (the apiary schema also required template_name): we follow the new docs.
export const UpdateTemplateBody = Type.Object({
  template_name: Type.Optional(NonEmpty(200, 'New name of the template; unchanged when absent.')),
  body: Type.String({ minLength: 1, description: 'The HTML body of the template.' }),
});
export type UpdateTemplateBody = Static<typeof UpdateTemplateBody>;

export const TemplateIdParams = Type.Object({ template_id: Id });
export const CategoryIdParams = Type.Object({ category_id: Id });

export const ImageJsonBody = Type.Object(
  {
    image: Type.Optional(Type.String({ description: 'The image (JPG, PNG, GIF or BMP), base64-encoded; a data: URL prefix is accepted.' })),
    url: Type.Optional(Type.String({ maxLength: 2048, description: 'An http(s) URL the image is fetched from instead.' })),
  },
  { description: 'Send image or url. Alternatively multipart/form-data with the file as the part "image" (or a field "url").' },
);
export type ImageJsonBody = Static<typeof ImageJsonBody>;

export const ImageMultipartBody = Type.Object({
  image: Type.Optional(Type.String({ format: 'binary', description: 'The image file (JPG, PNG, GIF or BMP).' })),
  url: Type.Optional(Type.String({ description: 'An http(s) URL the image is fetched from instead.' })),
});
