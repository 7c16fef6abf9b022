import fs from 'node:fs';
import { composePostcardProof } from './src/modules/post/proofs/compose.js';
import { readPageText } from './src/modules/post/proofs/pdfjs.js';
import { a5Card, RECIPIENT, RETURN_ADDRESS } from './src/modules/post/proofs/test-fixtures.js';
const cases: Record<string, any> = {
  latin: { address_name: 'Zoë Łukasz Müller-Øvergård', address_line_1: '12 Rue de l’Église', address_city: 'Kraków', address_country: 'PL' },
  cyr: { address_name: 'Жанна Иванова', address_line_1: 'ул. Тверская, д. 7', address_city: 'Москва', address_country: 'RU' },
  greek: { address_name: 'Γιώργος Παπαδόπουλος', address_line_1: 'Οδός Ερμού 25', address_city: 'Αθήνα', address_country: 'GR' },
  arabic: { address_name: 'محمد أحمد', address_line_1: 'شارع الملك فهد 12', address_city: 'الرياض', address_country: 'SA' },
  hebrew: { address_name: 'דוד כהן', address_line_1: 'רחוב הרצל 12', address_city: 'תל אביב', address_country: 'IL' },
  thai: { address_name: 'สมชาย ใจดี', address_line_1: '123 ถนนสุขุมวิท', address_city: 'กรุงเทพมหานคร', address_country: 'TH' },
  zh: { address_name: '李华', address_line_1: '上海市浦东新区世纪大道100号', address_city: '上海', address_country: 'CN' },
  ja: { address_name: '山田太郎', address_line_1: '東京都千代田区丸の内1-9-2', address_city: '東京', address_country: 'JP' },
  ko: { address_name: '김민수', address_line_1: '서울특별시 강남구 테헤란로 152', address_city: '서울', address_country: 'KR' },
};
for (const [k, c] of Object.entries(cases)) {
  const warns: any[] = [];
  let t = performance.now();
  const pdf = await composePostcardProof(await a5Card(), { ...RECIPIENT, address_line_2: '', address_state: '', ...c }, RETURN_ADDRESS, { onWarning: (w) => warns.push(w) });
  const ms = performance.now() - t;
  fs.writeFileSync(`/tmp/fonts-scratch/${k}.pdf`, pdf);
  const page = await readPageText(pdf, 2);
  console.log(k, ms.toFixed(0), JSON.stringify(page.items.map((i) => i.str)), JSON.stringify(warns));
}
