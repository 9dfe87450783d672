import path from 'node:path';
import ts from 'typescript';

/**
 * Renders the plugin kit's reference (the "Reference" part of docs/plugins.md) from its types: every
 * export of `src/plugin-kit.ts` with its signature and doc comment, and every member of the
 * interfaces and classes among them. Generated, so it cannot drift from the code; the doc test
 * compares it with the file, and `UPDATE_DOCS=1` rewrites the file.
 */

const ROOT = path.resolve(__dirname, '..', '..');
export const KIT_ENTRY = path.join(ROOT, 'src', 'plugin-kit.ts');

/** Where each export is defined -> the heading it is listed under, in this order. */
const SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ['src/spi/api-version.ts', 'Plugin API version'],
  ['src/spi/plugin.ts', 'Plugin modules'],
  ['src/spi/authenticator.ts', 'Authenticators'],
  ['src/spi/condition.ts', 'Conditions'],
  ['src/spi/required-action.ts', 'Required actions'],
  ['src/spi/outcome.ts', 'Outcomes'],
  ['src/spi/context.ts', 'The context'],
  ['src/spi/services.ts', 'Services'],
  ['src/spi/brute-force.ts', 'Brute-force protection'],
  ['src/spi/requester.ts', 'The requester and known devices'],
  ['src/spi/passkeys.ts', 'Passkeys'],
  ['src/spi/rate-limit.ts', 'Rate limits'],
  ['src/spi/email.ts', 'Email addresses'],
  ['src/spi/locale.ts', 'Locales'],
  ['src/spi/profile.ts', 'The user profile'],
  ['src/spi/reserved-attributes.ts', 'The user profile'],
  ['src/spi/errors.ts', 'Errors'],
  ['src/spi/failure-reasons.ts', 'Failure reasons'],
  ['src/spi/view.ts', 'Views'],
  ['src/spi/fields.ts', 'Views'],
  ['src/spi/schema.ts', 'Config schemas'],
  ['src/testing/flow-harness.ts', 'Test harness'],
  ['src/testing/flow-builder.ts', 'Test harness: building flows in code'],
  ['src/testing/test-plugins.ts', 'Test harness: building flows in code'],
  ['src/testing/memory-services.ts', 'Test harness: what it returns'],
  ['src/spi/results.ts', 'Sign-in results'],
  ['src/testing/plugin-context.ts', 'Fake contexts'],
  ['src/testing/in-memory-services.ts', 'Fake contexts'],
  ['src/testing/in-memory-passkeys.ts', 'Fake contexts'],
  ['src/engine/clock.ts', 'Fake contexts'],
];

/** One documented export. */
export interface ReferenceEntry {
  readonly name: string;
  readonly section: string;
  readonly doc: string;
  readonly markdown: string;
}

/** Every export of the plugin kit, documented from its declaration. */
export function collectReference(): ReferenceEntry[] {
  const program = ts.createProgram([KIT_ENTRY], compilerOptions());
  const checker = program.getTypeChecker();
  const kit = program.getSourceFile(KIT_ENTRY);
  const moduleSymbol = kit && checker.getSymbolAtLocation(kit);
  if (!moduleSymbol) throw new Error(`cannot read ${KIT_ENTRY}`);
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (!declaration) throw new Error(`export '${exported.name}' has no declaration`);
    const file = path.relative(ROOT, declaration.getSourceFile().fileName).split(path.sep).join('/');
    const section = SECTIONS.find(([source]) => source === file)?.[1];
    if (!section) throw new Error(`export '${exported.name}' comes from ${file}, which has no section in spi-reference.ts`);
    const doc = documentation(symbol, checker);
    return { name: exported.name, section, doc, markdown: renderEntry(exported.name, symbol, declaration, doc, checker) };
  });
}

/** The reference as markdown: one `###` section per group, one `####` entry per export. */
export function renderReference(entries: readonly ReferenceEntry[]): string {
  const lines: string[] = [];
  for (const section of [...new Set(SECTIONS.map(([, title]) => title))]) {
    const inSection = entries.filter((e) => e.section === section).sort((a, b) => a.name.localeCompare(b.name));
    if (inSection.length === 0) continue;
    lines.push(`### ${section}`, '');
    for (const entry of inSection) lines.push(entry.markdown, '');
  }
  return lines.join('\n').trimEnd();
}

function renderEntry(name: string, symbol: ts.Symbol, declaration: ts.Declaration, doc: string, checker: ts.TypeChecker): string {
  const out = [`#### \`${name}\``, '', '```ts', signature(name, symbol, declaration, checker), '```'];
  if (doc) out.push('', doc);
  const members = membersOf(declaration, checker);
  if (members.length > 0) out.push('', ...members);
  return out.join('\n');
}

function signature(name: string, symbol: ts.Symbol, declaration: ts.Declaration, checker: ts.TypeChecker): string {
  if (ts.isInterfaceDeclaration(declaration) || ts.isClassDeclaration(declaration)) {
    const keyword = ts.isInterfaceDeclaration(declaration) ? 'interface' : 'class';
    const params = declaration.typeParameters ? `<${declaration.typeParameters.map((p) => p.getText()).join(', ')}>` : '';
    const heritage = (declaration.heritageClauses ?? []).map((h) => ` ${h.getText()}`).join('');
    return `${keyword} ${name}${params}${heritage}`;
  }
  if (ts.isTypeAliasDeclaration(declaration)) return squash(declaration.getText().replace(/\/\*\*[\s\S]*?\*\//g, '')).replace(/^export /, '');
  if (ts.isFunctionDeclaration(declaration)) {
    const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
    return type.getCallSignatures().map((s) => `function ${name}${checker.signatureToString(s)}`).join('\n');
  }
  const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
  return `const ${name}: ${checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation)}`;
}

/** The documented members of an interface or class (own members; public ones of a class). */
function membersOf(declaration: ts.Declaration, checker: ts.TypeChecker): string[] {
  if (!ts.isInterfaceDeclaration(declaration) && !ts.isClassDeclaration(declaration)) return [];
  const lines: string[] = [];
  for (const member of declaration.members) {
    if (ts.isConstructorDeclaration(member)) {
      // Documented constructors only: an undocumented one is not how authors get an instance.
      const signature = checker.getSignatureFromDeclaration(member);
      const doc = signature ? ts.displayPartsToString(signature.getDocumentationComment(checker)).trim() : '';
      if (doc && signature) lines.push(`- \`new ${declaration.name?.getText()}${checker.signatureToString(signature, undefined, ts.TypeFormatFlags.NoTruncation).replace(/: [^:]+$/, '')}\`: ${doc.replace(/\n+/g, ' ')}`);
      continue;
    }
    if (ts.isIndexSignatureDeclaration(member) || !member.name) continue;
    const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
    if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword) || ts.isPrivateIdentifier(member.name)) continue;
    const symbol = checker.getSymbolAtLocation(member.name);
    const text = memberText(member, checker);
    const doc = symbol ? documentation(symbol, checker) : '';
    lines.push(`- \`${text}\`${doc ? `: ${doc.replace(/\n+/g, ' ')}` : ''}`);
  }
  return lines;
}

/** A member as it is declared, without its body or initial value: `readonly id: string`, `submit(form?: ...): Promise<...>`. */
function memberText(member: ts.ClassElement | ts.TypeElement, checker: ts.TypeChecker): string {
  const name = member.name!.getText();
  const optional = (member as { readonly questionToken?: ts.QuestionToken }).questionToken ? '?' : '';
  const isStatic = ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ? 'static ' : '';
  if (ts.isMethodSignature(member) || ts.isMethodDeclaration(member)) {
    const signature = checker.getSignatureFromDeclaration(member);
    return `${isStatic}${name}${optional}${signature ? checker.signatureToString(signature, undefined, ts.TypeFormatFlags.NoTruncation) : '()'}`;
  }
  if (ts.isGetAccessorDeclaration(member)) return `get ${name}(): ${member.type ? squash(member.type.getText()) : 'unknown'}`;
  const readonly = ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) ? 'readonly ' : '';
  const declared = (member as ts.PropertySignature | ts.PropertyDeclaration).type;
  const type = declared ? squash(declared.getText()) : checker.typeToString(checker.getTypeAtLocation(member), undefined, ts.TypeFormatFlags.NoTruncation);
  return `${isStatic}${readonly}${name}${optional}: ${type}`;
}

function documentation(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

/** One line, single spaces: declarations wrapped over lines read the same in the reference. */
function squash(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').replace(/,\s*\)/g, ')').trim();
}

function compilerOptions(): ts.CompilerOptions {
  const configFile = path.join(ROOT, 'tsconfig.json');
  const { config } = ts.readConfigFile(configFile, (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, { noEmit: true }, configFile);
  return { ...parsed.options, noEmit: true };
}
