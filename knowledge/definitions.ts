/**
 * Definitions: plans end their indicator tables with footnotes that say what an indicator means
 * (④指住院费用跨省直接结算人次占全部住院跨省异地就医人次的比例). Such a note answers "直接结算率怎么算"
 * but not "在外省住院能直接结算吗", although it is short and full of the same words. The ranker
 * keeps notes back unless the question asks what something means.
 */

/** A footnote defining an indicator: optional 注：, a circled number, then 指. */
const INDICATOR_NOTE = /^(?:注[:：]\s*)?[①-⑳]\s*指/;

/** Wording that asks what something means or how it is counted. */
const ASKS_DEFINITION = /怎么算|如何算|怎么计算|如何计算|怎么统计|什么意思|啥意思|指什么|指的是|是指|含义|定义|是什么/;

export function isIndicatorNote(clauseText: string): boolean {
  return INDICATOR_NOTE.test(clauseText.trim());
}

export function asksDefinition(normalizedQuestion: string): boolean {
  return ASKS_DEFINITION.test(normalizedQuestion);
}
