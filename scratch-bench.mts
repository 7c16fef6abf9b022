import { checkAddressPrint } from './src/modules/post/proofs/address-check.js';
import { RECIPIENT, RETURN_ADDRESS } from './src/modules/post/proofs/test-fixtures.js';
async function run(label: string, mk: (i: number) => any) {
  let c = process.cpuUsage(); let t = performance.now();
  await checkAddressPrint('postcard', mk(0), RETURN_ADDRESS);
  const first = [(performance.now() - t), process.cpuUsage(c).user / 1000];
  const cpu: number[] = []; const wall: number[] = [];
  for (let r = 0; r < 7; r++) {
    c = process.cpuUsage(); t = performance.now();
    for (let i = 0; i < 100; i++) await checkAddressPrint('postcard', mk(r * 1000 + i), RETURN_ADDRESS);
    wall.push(performance.now() - t); cpu.push(process.cpuUsage(c).user / 1000);
  }
  cpu.sort((a, b) => a - b); wall.sort((a, b) => a - b);
  console.log(`${label}: first call ${first[0]!.toFixed(0)} ms wall (${first[1]!.toFixed(0)} ms cpu); 100 recipients median ${wall[3]!.toFixed(1)} ms wall, ${cpu[3]!.toFixed(1)} ms cpu (min ${cpu[0]!.toFixed(1)})`);
}
await run('Latin', (i) => ({ ...RECIPIENT, address_name: `Jane Citizen ${i}`, address_line_1: `${i} Example Street` }));
await run('CJK (CN)', (i) => ({ ...RECIPIENT, address_name: `李华${i}`, address_line_1: `上海市浦东新区世纪大道${i}号`, address_city: '上海', address_country: 'CN' }));
await run('Arabic', (i) => ({ ...RECIPIENT, address_name: `محمد أحمد ${i}`, address_line_1: `شارع الملك فهد ${i}`, address_city: 'الرياض', address_country: 'SA' }));
