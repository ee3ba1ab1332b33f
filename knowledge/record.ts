/**
 * A plan's record of achievements (一、发展基础: 参保率, 降幅, 覆盖人数 of the last five years)
 * describes the past, not the rules that apply now. It shares the words of many rule questions
 * (跨省异地就医住院费用直接结算全面推开), so the ranker keeps it back unless the question asks about
 * the record itself (十三五期间参保率多少, 取得了哪些成效).
 */

/** Headings of a plan's account of what was achieved and where things stand. */
const RECORD_HEADING = /发展基础|发展成就|发展回顾|取得的成效|主要成效|工作回顾/;

/** Wording that asks about the record: progress, results, figures reached. */
const ASKS_RECORD = /十三五|以来|成效|成绩|成就|进展|取得了?|发展基础|覆盖了?多少|多少人|参保率|覆盖率|降幅|降了多少|下降了?多少|提高了?多少|增长|有多少家/;

export function isRecordClause(headings: readonly string[]): boolean {
  return headings.some((h) => RECORD_HEADING.test(h));
}

export function asksRecord(normalizedQuestion: string): boolean {
  return ASKS_RECORD.test(normalizedQuestion);
}
