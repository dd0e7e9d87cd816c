// index.d.ts as the TypeScript compiler reads it: what it exports, and the members it declares.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const file = fileURLToPath(new URL('../index.d.ts', import.meta.url));

export const program = ts.createProgram([file], { strict: true, noEmit: true, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
const checker = program.getTypeChecker();

/** The symbols index.d.ts exports. */
export const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)));

/** The names of the values (classes, functions, constants) index.d.ts exports. */
export function exportedValues() {
  return exported.filter((symbol) => symbol.flags & ts.SymbolFlags.Value).map((symbol) => symbol.name).sort();
}

/** The member names a declared class or interface gives its instances. */
export function declaredMembers(name) {
  const symbol = exported.find((candidate) => candidate.name === name);
  if (!symbol) throw new Error(`index.d.ts exports no ${name}`);
  return checker.getDeclaredTypeOfSymbol(symbol).getProperties().map((member) => member.name).sort();
}

/** The compiler's complaints about index.d.ts itself, as text. */
export function problems() {
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}
