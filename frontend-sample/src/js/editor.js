import { collabExtension } from '@ghostide/realtime-client';
import { h } from './dom.js';

// the editor bundle (build.mjs); a page built without npm falls back to a plain text area
const cm = await import('../vendor/codemirror/codemirror.js').catch(() => null);

/** Starting code per language: each writes a few lines to stdout, slowly, and one to stderr. */
export const SAMPLES = {
  python: `import sys
import time

for step in range(1, 4):
    print(f"step {step} of 3", flush=True)
    time.sleep(0.4)

print("a warning goes to stderr", file=sys.stderr)
print("done")
`,
  javascript: `let step = 0;
const timer = setInterval(() => {
  step += 1;
  console.log(\`step \${step} of 3\`);
  if (step === 3) {
    clearInterval(timer);
    console.error('a warning goes to stderr');
    console.log('done');
  }
}, 400);
`,
  java: `public class Main {
    public static void main(String[] args) throws InterruptedException {
        for (int step = 1; step <= 3; step++) {
            System.out.println("step " + step + " of 3");
            Thread.sleep(400);
        }
        System.err.println("a warning goes to stderr");
        System.out.println("done");
    }
}
`,
  c: `#include <stdio.h>
#include <unistd.h>

int main(void) {
    for (int step = 1; step <= 3; step++) {
        printf("step %d of 3\\n", step);
        fflush(stdout);
        usleep(400000);
    }
    fprintf(stderr, "a warning goes to stderr\\n");
    printf("done\\n");
    return 0;
}
`,
  cpp: `#include <chrono>
#include <iostream>
#include <thread>

int main() {
    for (int step = 1; step <= 3; ++step) {
        std::cout << "step " << step << " of 3" << std::endl;
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
    }
    std::cerr << "a warning goes to stderr" << std::endl;
    std::cout << "done" << std::endl;
}
`,
};

const FILE_NAMES = { python: 'main.py', javascript: 'main.js', java: 'Main.java', c: 'main.c', cpp: 'main.cpp' };
const EXTENSIONS = { py: 'python', js: 'javascript', mjs: 'javascript', java: 'java', c: 'c', h: 'c', cpp: 'cpp', cc: 'cpp', cxx: 'cpp', hpp: 'cpp' };

export const fileNameFor = (language) => FILE_NAMES[language] ?? 'main.txt';
export const languageOf = (fileName) => EXTENSIONS[String(fileName).split('.').pop()?.toLowerCase()];

// where each language's errors name a line of the program (the runner's file names)
const ERROR_LINES = {
  python: { pattern: /File "[^"]*main\.py", line (\d+)/g, last: true }, // a traceback's innermost frame is last
  javascript: { pattern: /main\.m?js:(\d+)/g },
  java: { pattern: /Main\.java:(\d+)/g },
  c: { pattern: /main\.c:(\d+)/g },
  cpp: { pattern: /main\.cpp:(\d+)/g },
};

/** {line, why} for the line a failed run's stderr names, or null. */
export function errorLineIn(stderr, language) {
  const rule = ERROR_LINES[language];
  if (!rule || !stderr) return null;
  const matches = [...String(stderr).matchAll(rule.pattern)];
  const match = rule.last ? matches.at(-1) : matches[0];
  if (!match) return null;
  const lines = String(stderr).trim().split('\n');
  const why = (language === 'python' ? lines.at(-1) : lines.find((line) => /error|exception/i.test(line)) ?? lines[0]).trim();
  return { line: Number(match[1]), why: why.slice(0, 200) };
}

const MODES = cm ? { python: cm.python, javascript: cm.javascript, java: cm.java, c: cm.cpp, cpp: cm.cpp } : {};

/**
 * The code editor: CodeMirror with syntax modes for the five languages, Ctrl/Cmd+Enter to
 * run, Ctrl/Cmd+S to save, and one line that can be marked (the line an error or Ghost
 * names) in the gutter and the text. The host element keeps a reference as `host.editor`,
 * for scripts and tests.
 */
export class Editor {
  constructor(host, { onRun, onSave, onChange = () => {} }) {
    this.host = host;
    this.markedLine = 0;
    host.editor = this;
    if (!cm) {
      this.textarea = h('textarea', { class: 'plain-editor', spellcheck: 'false', 'aria-label': 'Code' });
      this.textarea.addEventListener('input', onChange);
      this.textarea.addEventListener('keydown', (event) => {
        const mod = event.ctrlKey || event.metaKey;
        if (mod && event.key === 'Enter') { event.preventDefault(); onRun(); }
        if (mod && event.key.toLowerCase() === 's') { event.preventDefault(); onSave(); }
      });
      host.replaceChildren(this.textarea);
      return;
    }
    this.language = new cm.Compartment();
    this.sharing = new cm.Compartment(); // the shared document's binding, while one is open
    this.mark = markField();
    const shortcuts = cm.Prec.highest(cm.keymap.of([
      { key: 'Mod-Enter', run: () => { onRun(); return true; } },
      { key: 'Mod-s', run: () => { onSave(); return true; }, preventDefault: true },
    ]));
    this.view = new cm.EditorView({
      parent: host,
      state: cm.EditorState.create({
        doc: '',
        extensions: [
          shortcuts,
          cm.basicSetup,
          cm.syntaxHighlighting(cm.oneDarkHighlightStyle),
          cm.keymap.of([cm.indentWithTab]),
          cm.indentUnit.of('    '),
          this.language.of(MODES.python()),
          this.mark,
          this.sharing.of([]),
          // tabindex as well: tools that check a scrolled editor can be reached by keyboard count no contenteditable
          cm.EditorView.contentAttributes.of({ 'aria-label': 'Code', 'aria-describedby': 'editor-help', tabindex: '0' }),
          cm.EditorView.updateListener.of((update) => {
            // an edit moves on from the marked error; the mark goes with it
            if (!update.docChanged) return;
            if (this.markedLine && !this.settingValue) this.clearMark();
            onChange();
          }),
        ],
      }),
    });
  }

  get value() {
    return this.view ? this.view.state.doc.toString() : this.textarea.value;
  }

  set value(text) {
    if (!this.view) {
      this.textarea.value = text;
      return;
    }
    this.settingValue = true;
    try {
      this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
    } finally {
      this.settingValue = false;
    }
    this.clearMark();
  }

  /**
   * Edits `doc` (an opened SharedDocument) with the other editors of the session, showing
   * their selections; false without CodeMirror (the plain text area does not share).
   */
  share(doc, options) {
    if (!this.view) return false;
    this.unshare();
    this.value = doc.text;
    this.view.dispatch({ effects: this.sharing.reconfigure(collabExtension(doc, cm, options)) });
    const { anchor, head } = this.view.state.selection.main;
    doc.setSelection({ anchor, head });
    return true;
  }

  unshare() {
    this.view?.dispatch({ effects: this.sharing.reconfigure([]) });
  }

  /** True while the editor holds one of the samples untouched. */
  get holdsSample() {
    return Object.values(SAMPLES).includes(this.value) || this.value.trim() === '';
  }

  setLanguage(language) {
    const mode = MODES[language];
    if (this.view && mode) this.view.dispatch({ effects: this.language.reconfigure(mode()) });
  }

  focus() {
    (this.view ?? this.textarea).focus();
  }

  /** Marks line {@code number} (1-based) as the one {@code why} names, and scrolls it into view. */
  markLine(number, why) {
    if (!this.view || !Number.isInteger(number) || number < 1 || number > this.view.state.doc.lines) return false;
    const line = this.view.state.doc.line(number);
    this.markedLine = number;
    this.view.dispatch({
      effects: [setMark.of({ from: line.from, why }), cm.EditorView.scrollIntoView(line.from, { y: 'center' })],
    });
    return true;
  }

  clearMark() {
    if (!this.markedLine) return;
    this.markedLine = 0;
    this.view.dispatch({ effects: setMark.of(null) });
  }
}

const setMark = cm?.StateEffect.define();

// the marked line: a gutter marker and a line decoration, both kept in place across edits
function markField() {
  class ErrorMarker extends cm.GutterMarker {
    constructor(why) {
      super();
      this.why = why;
    }

    toDOM() {
      return h('span', { class: 'error-marker', title: this.why, 'aria-label': this.why }, '●');
    }
  }
  const lineClass = cm.Decoration.line({ class: 'cm-error-line' });
  const field = cm.StateField.define({
    create: () => ({ markers: cm.RangeSet.empty, lines: cm.Decoration.none }),
    update(value, transaction) {
      let { markers, lines } = value;
      markers = markers.map(transaction.changes);
      lines = lines.map(transaction.changes);
      for (const effect of transaction.effects) {
        if (!effect.is(setMark)) continue;
        if (effect.value === null) return { markers: cm.RangeSet.empty, lines: cm.Decoration.none };
        const { from, why } = effect.value;
        markers = cm.RangeSet.of([new ErrorMarker(why).range(from)]);
        lines = cm.Decoration.set([lineClass.range(from)]);
      }
      return { markers, lines };
    },
    provide: (f) => [
      cm.EditorView.decorations.from(f, (value) => value.lines),
      cm.gutter({ class: 'cm-error-gutter', markers: (view) => view.state.field(f).markers }),
    ],
  });
  return field;
}
