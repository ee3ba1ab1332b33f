/**
 * The bot's fixed wording: every reply sentence that is not a verbatim quote comes from here,
 * so it is easy to review that the bot states no policy of its own.
 */
export const PHRASES = {
  welcome:
    '您好！我是医保政策问答助手，可以帮您查参保缴费、跨省异地就医结算、门诊报销等政策条款，每条回答都注明出处。请直接输入您的问题，例如：灵活就业人员能参加职工医保吗？',
  /** `regions`: names of the local regions with documents (knowledge/catalog.ts `localRegionNames`). */
  capabilities: (regions: readonly string[]) =>
    `我能回答基本医疗保险的政策问题：参保缴费、跨省异地就医结算、门诊报销和门诊共济等，答案摘自已收录的国家${regions.length ? `和${regions.join('、')}` : ''}的政策文件，并注明文件名、文号和条款。`,
  thanks: '不客气！还有其他医保问题可以继续问我。',
  refusal:
    '抱歉，已收录的政策文件中没有找到能回答这个问题的条款。具体规定请咨询12345政务服务便民热线或当地医保经办机构。',
  unfamiliar: (words: readonly string[]) =>
    `抱歉，已收录的政策文件没有提到“${words.join('”“')}”，无法回答这个问题。具体规定请咨询12345政务服务便民热线或当地医保经办机构。`,
  personalCase:
    '抱歉，我只能查政策条款，查不到个人的账户余额、缴费记录或办理进度。请咨询12345政务服务便民热线或当地医保经办机构。',
  documentNotNamed: '请说明是哪部法规的条款，例如：社会保险法第二十三条、医疗保障基金使用监督管理条例第四十一条。',
  referenceNotFound:
    '抱歉，已收录的这部文件中没有找到这一条。请核对条款序号，或直接描述您想问的问题。',
  empty: '请输入您想咨询的医保问题，例如：异地就医怎么备案？',
  notText: '暂时只能看懂文字消息，请直接输入您的问题，例如：异地就医怎么备案？',
  tooLong: (length: number, max: number) => `问题太长了（${length}字），请精简到${max}字以内再问。`,
  noWords: '没看懂您的问题，请用中文文字描述，例如：门诊费用能报销吗？',
  planNote: '（规划目标，具体办理以当地医保部门规定为准）',
  newsNote: '（新闻报道摘要，以正式文件为准）',
  related: '相关条款：',
  /** Above the quote when the answer came through one of the clause's alternate questions (the web chat writes it too). */
  understoodAs: (question: string) => `您问的是：${question}`,
  /** Before the quote when a sound-alike typo was read as the documents' word (被案 → 备案, knowledge/soundAlike.ts). */
  soundAlike: (readings: ReadonlyArray<{ typed: string; read: string }>) =>
    `（按“${readings.map((r) => r.read).join('”“')}”理解“${readings.map((r) => r.typed).join('”“')}”）`,
  regionFallback: (asked: string, used: string) => `已收录的${asked}文件没有直接回答这个问题，以下是${used}的规定：`,
  noRegionDocuments: (asked: string, used: string) => `已收录的文件中没有${asked}本地的规定，以下是${used}的规定：`,
  regionalRule: (manifestRegion: string) => `（${manifestRegion}的规定）`,
  fullTextHint: '回复“全文”查看完整条款。',
  askAlso: (questions: readonly string[]) => `您还可以问：${questions.join('／')}`,
  noClauseYet: '还没有可以展开的条款，请先提一个问题。',
  tooFrequent: (seconds: number) => `您发送得太频繁了，请${seconds}秒后再试。`,
  error: '抱歉，服务暂时出错了，请稍后再试，或拨打12345政务服务便民热线咨询。',
  memoryUnavailable: '（暂时记不住之前的对话，以下只按您这一句话回答。）',
} as const;
