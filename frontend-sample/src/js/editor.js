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

/** A plain textarea with line numbers, Tab for indent, Ctrl+Enter to run and Ctrl+S to save. */
export class Editor {
  constructor(textarea, gutter, { onRun, onSave }) {
    this.textarea = textarea;
    this.gutter = gutter;
    this.lines = 0;
    textarea.addEventListener('input', () => this.updateGutter());
    textarea.addEventListener('scroll', () => { gutter.scrollTop = textarea.scrollTop; });
    textarea.addEventListener('keydown', (event) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key === 'Enter') {
        event.preventDefault();
        onRun();
      } else if (mod && event.key.toLowerCase() === 's') {
        event.preventDefault();
        onSave();
      } else if (event.key === 'Tab' && !event.shiftKey) {
        event.preventDefault();
        textarea.setRangeText('    ', textarea.selectionStart, textarea.selectionEnd, 'end');
        this.updateGutter();
      }
    });
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
    this.updateGutter();
  }

  /** True while the editor holds one of the samples untouched. */
  get holdsSample() {
    return Object.values(SAMPLES).includes(this.value) || this.value.trim() === '';
  }

  updateGutter() {
    const lines = this.textarea.value.split('\n').length;
    if (lines !== this.lines) {
      this.lines = lines;
      this.gutter.textContent = Array.from({ length: lines }, (_, i) => i + 1).join('\n');
    }
    this.gutter.scrollTop = this.textarea.scrollTop;
  }
}
