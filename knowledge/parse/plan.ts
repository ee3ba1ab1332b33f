/** Parser of plan and news texts (`kind` plan / news) into clause trees. */

import type { Clause, DocumentMeta } from '../types';
import { newsBlocks } from './news';
import { planLineBlocks } from './planLines';
import { buildPlanTree, type PathStyle } from './planTree';
import { isRunOn, runOnBlocks } from './runOn';
import { sourceLines } from './text';

const PLAN_STYLE: PathStyle = { frontLabel: '印发通知', leadLabel: '前言', headingSeparator: '' };
const NEWS_STYLE: PathStyle = { frontLabel: '副标题', leadLabel: '导语', headingSeparator: '·' };

/**
 * Parses a plan or news text: parts `一、` → sections `（一）` → articles `1.` → paragraphs,
 * `——` bullets and 专栏 tables as items; news headings are unnumbered short lines.
 */
export function parsePlan(meta: DocumentMeta, source: string): Clause[] {
  const lines = sourceLines(source);
  if (meta.kind === 'news') return buildPlanTree(meta.id, newsBlocks(meta, lines), NEWS_STYLE);
  const blocks = isRunOn(lines) ? runOnBlocks(lines, meta.title) : planLineBlocks(meta, lines);
  return buildPlanTree(meta.id, blocks, PLAN_STYLE);
}
