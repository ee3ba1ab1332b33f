/**
 * Hands jieba's dictionary to nodejieba's `load` once instead of twice. nodejieba 3.5.8's `load`
 * (lib/nodejieba.cpp) builds cppjieba's segmenter and then a TextRank keyword extractor from the
 * same file paths; the extractor builds a second dictionary trie of all 349k words (about 0.35 s
 * and 110 MB) that this project never uses: ranking has its own statistics, and
 * `textRankExtract` is never called.
 *
 * So the two dictionary files (knowledge/jiebaDictionary.ts: the main file and the first user
 * dictionary) are given to `load` as named pipes. A worker thread writes each file's real text to
 * its pipe the first time the loader opens it, and a one-word dictionary (the main pipe) or
 * nothing (the user pipe) the second time. The loader opens them in a fixed order, main then user
 * dictionary, segmenter then extractor; the feed is used only with the nodejieba version whose
 * order that is, and the caller checks the loaded words (`verify`) and loads the plain files when
 * anything is off. Without `mkfifo` (not POSIX), or when a step fails, there is no feed.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DictionaryFiles } from './jiebaDictionary';

/** The nodejieba version whose `load` opens the files in the order the feed serves them. */
export const FED_NODEJIEBA_VERSION = '3.5.8';

/** What the extractor's dictionary gets: one word, since cppjieba reads the median weight of a non-empty list. */
const STUB_DICTIONARY = '的 3188252 uj\n';

/** How long to wait, after `load` returns, for the worker to count its last pipe closed. */
const FINISH_WAIT_MS = 200;

/** The pipes served, in the loader's order: segmenter main, segmenter user, extractor main, extractor user. */
const SERVES = 4;

export interface DictionaryFeed {
  /** The paths to give `load` instead of the files. */
  files: DictionaryFiles;
  /** After `load`: whether every pipe was served as planned. Removes the pipes and stops the worker. */
  finish(): boolean;
}

const WORKER = `
const { openSync, writeSync, closeSync } = require('node:fs');
const { workerData: d } = require('node:worker_threads');
const served = new Int32Array(d.served);
const serve = (pipe, text) => {
  const fd = openSync(pipe, 'w');
  try { writeSync(fd, text); } finally { closeSync(fd); }
  Atomics.add(served, 0, 1);
  Atomics.notify(served, 0);
};
serve(d.pipes.dict, d.texts.dict);
serve(d.pipes.rest, d.texts.rest);
serve(d.pipes.dict, d.stub);
serve(d.pipes.rest, '');
`;

/** A feed of `files` through named pipes, or null where it cannot be set up (then load the files themselves). */
export function feedDictionaryOnce(files: DictionaryFiles, nodejiebaVersion: string): DictionaryFeed | null {
  if (nodejiebaVersion !== FED_NODEJIEBA_VERSION || process.platform === 'win32') return null;
  let dir: string | null = null;
  try {
    dir = mkdtempSync(join(tmpdir(), 'yibao-jieba-'));
    const pipes: DictionaryFiles = { dict: join(dir, 'main.utf8'), rest: join(dir, 'rest.utf8') };
    execFileSync('mkfifo', ['-m', '600', pipes.dict, pipes.rest], { stdio: 'ignore' });
    // Read here, not in the worker: a worker that failed to read a file would leave the loader
    // waiting on a pipe nobody writes to.
    const texts = { dict: readFileSync(files.dict), rest: readFileSync(files.rest) };
    const served = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { pipes, texts, stub: STUB_DICTIONARY, served } });
    worker.on('error', () => {});
    worker.unref();
    const folder = dir;
    return {
      files: pipes,
      finish() {
        const count = new Int32Array(served);
        const deadline = Date.now() + FINISH_WAIT_MS;
        while (Atomics.load(count, 0) < SERVES && Date.now() < deadline) Atomics.wait(count, 0, Atomics.load(count, 0), FINISH_WAIT_MS);
        const complete = Atomics.load(count, 0) === SERVES;
        // A writer still waiting for a reader is let go: opening its pipe to read, without
        // waiting, completes its open; what it then writes goes nowhere.
        for (let left = SERVES - Atomics.load(count, 0); left > 0; left--) {
          for (const pipe of [pipes.dict, pipes.rest]) {
            try {
              closeSync(openSync(pipe, constants.O_RDONLY | constants.O_NONBLOCK));
            } catch {
              // Gone already.
            }
          }
        }
        void worker.terminate();
        rmSync(folder, { recursive: true, force: true });
        return complete;
      },
    };
  } catch {
    if (dir) rmSync(dir, { recursive: true, force: true });
    return null;
  }
}
