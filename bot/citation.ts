import type { Clause, DocumentMeta, KnowledgeBase } from '../knowledge/types';
import type { Citation } from './types';

/** Where a citation's reader-facing `label` comes from (the knowledge base, knowledge/pathLabel.ts). */
export type PathLabels = Pick<KnowledgeBase, 'pathLabel'>;

/** A clause's citation; with `labels`, it also carries the label a reader sees (`path` stays as is). */
export function toCitation(clause: Clause, doc: DocumentMeta, labels?: PathLabels): Citation {
  return {
    docId: doc.id,
    title: doc.title,
    docNumber: doc.docNumber,
    clauseId: clause.id,
    path: clause.path,
    quote: clause.text,
    region: doc.region,
    kind: doc.kind,
    issuer: doc.issuer,
    date: doc.date,
    ...(labels ? { label: labels.pathLabel(clause) } : {}),
  };
}

/** `《“十四五”全民医疗保障规划》（国办发〔2021〕36号）三、（四）` */
export function citationLabel(c: Pick<Citation, 'title' | 'docNumber' | 'path'>): string {
  return `《${c.title}》${c.docNumber ? `（${c.docNumber}）` : ''}${c.path}`;
}

/** The line that ends an answer: `——《…》（文号）path`. */
export function citationLine(c: Citation): string {
  return `——${citationLabel(c)}`;
}
