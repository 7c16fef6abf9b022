import { Type } from '@sinclair/typebox';

export const CountryRecord = Type.Object({
  code: Type.String({ description: 'ISO 3166-1 alpha-2' }),
  value: Type.String({ description: 'English name' }),
});

export const TimezoneList = Type.Array(Type.String({ description: 'IANA zone name, e.g. Australia/Melbourne' }));
