/**
 * Reads the README's "## API reference" section. The convention: one `### \`<entry>\`` heading per entry point
 * of package.json "exports"; under it, text saying what the entry is for, optional `####` group headings, and list
 * items `- \`Name\`, \`Other\` — description` (a name may carry its arguments, `\`fn(x)\``, which are not part of
 * it). Continuation lines of an item are indented. Names in descriptions and prose are not listed names.
 */
export interface ApiItem {
  readonly names: readonly string[];
  readonly description: string;
  readonly line: number;
}

export interface ApiSection {
  readonly entry: string;
  readonly intro: string;
  readonly items: readonly ApiItem[];
}

const ITEM = /^- ((?:`[^`]+`)(?:, `[^`]+`)*) — (.+)$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The name a list item documents: `fn(x)` → fn, `Foo<T>` → Foo. */
function nameOf(code: string, line: number): string {
  const name = code.replace(/[(<].*$/, '');
  if (!IDENTIFIER.test(name)) throw new Error(`README.md line ${line}: \`${code}\` is not an exported name`);
  return name;
}

export function apiReference(markdown: string): ApiSection[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === '## API reference');
  if (start < 0) throw new Error('README.md has no "## API reference" section');
  const sections: { entry: string; intro: string[]; items: ApiItem[] }[] = [];
  let inFence = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) inFence = !inFence;
    if (!inFence && /^## /.test(line)) break;
    const heading = /^### `([^`]+)`\s*$/.exec(line);
    if (heading) {
      sections.push({ entry: heading[1]!, intro: [], items: [] });
      continue;
    }
    const section = sections.at(-1);
    if (!section || inFence) continue;
    if (line.startsWith('- ')) {
      const item = ITEM.exec(line);
      if (!item) throw new Error(`README.md line ${i + 1}: expected "- \`Name\`, \`Name\` — description"`);
      let description = item[2]!.trim();
      while (lines[i + 1]?.startsWith('  ')) description += ` ${lines[++i]!.trim()}`;
      const names = [...item[1]!.matchAll(/`([^`]+)`/g)].map((m) => nameOf(m[1]!, i + 1));
      section.items.push({ names, description, line: i + 1 });
    } else if (!line.startsWith('#')) {
      section.intro.push(line);
    }
  }
  return sections.map((s) => ({ entry: s.entry, intro: s.intro.join('\n'), items: s.items }));
}
