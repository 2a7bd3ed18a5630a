// Large sheets for measuring and testing "open your own file": real units and indicators from data/nghe-an.json,
// every value and sentence invented and labelled synthetic. Used by bench/large-files.mjs and e2e/upload.test.mjs.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The header of the import template. */
export const HEADER =
  'indicator,unit_code,unit_name,reference_period,value,source_title,source_url,source_date,source_publisher,exact_sentence,sentence_language,note';

/**
 * Indicators × the 460 communes of 2020 × 60 months; `comma`: values written with a decimal comma;
 * `valueInSentence: false`: the sentences do not hold the values, so nearly every row is an error.
 */
export function spread(path, comma, { valueInSentence = true } = {}) {
  const ds = JSON.parse(readFileSync(join(ROOT, 'data', 'nghe-an.json'), 'utf8'));
  const inParts = new Set(ds.indicators.flatMap((i) => (i.parts ? [i.id, ...i.parts.of] : [])));
  const inds = ds.indicators.filter((i) => (i.measure === 'count' || i.measure === 'percent') && !inParts.has(i.id)).slice(0, 10);
  const communes = ds.units.filter((u) => u.period === '2020' && u.level === 'commune');
  const rows = [HEADER];
  let n = 0;
  for (const ind of inds) for (const u of communes) for (let y = 2020; y <= 2024; y++) for (let m = 1; m <= 12; m++, n++) {
    const v = ind.measure === 'percent' ? ((n * 37) % 1000) / 10 : 100 + (n % 900);
    const value = comma ? `"${String(v).replace('.', ',')}"` : String(v);
    // The sentence holds the value as written (a figure must be read from its sentence).
    const written = comma ? String(v).replace('.', ',') : String(v);
    rows.push(`${ind.id},${u.code},${u.name},${y}-${String(m).padStart(2, '0')},${value},Bảng tính thử (tổng hợp),,2026,Người dùng,"Số liệu tổng hợp: ${valueInSentence ? written : '—'} (dòng ${n}, synthetic), không có thật.",vi,`);
  }
  writeFileSync(path, `${rows.join('\r\n')}\r\n`);
  return n;
}

/** One line: `count` monthly figures of party members for the province. */
export function oneLine(path, count) {
  const rows = [HEADER];
  let n = 0;
  for (let y = 1990; n < count; y++) for (let m = 1; m <= 12 && n < count; m++) for (let k = 0; k < 720 && n < count; k++, n++) {
    rows.push(`party_members,40,,${y}-${String(m).padStart(2, '0')},${1000 + k},Báo cáo thử nghiệm tổng hợp,https://example.org/bao-cao,2026,Ban Tổ chức,"Toàn tỉnh có ${1000 + k} đảng viên (dòng thử ${n}, synthetic).",vi,`);
  }
  writeFileSync(path, `${rows.join('\r\n')}\r\n`);
}
