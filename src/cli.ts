// yaoxun: the command line. Problems with content are reported as messages; anything unexpected
// is one Chinese sentence (the stack only with --debug), never a half-written site.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isWithin } from './files.ts';
import { formatMessage, formatReport, isError, nearestName, reportJson, TemplateError } from './messages.ts';
// Each command loads what it needs when it runs (see the imports below), so a build with nothing
// to do, or `yaoxun serve`, starts without loading the parser, templates and the dev server, and
// `check FILE` without loading the build.

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each command: its usage line, what it does, the options it takes, and whether it takes files. */
const COMMANDS = {
  build: { args: '[--content DIR] [--out DIR] [--base URL]', does: '生成网站（默认 content/ → dist/）', options: ['content', 'out', 'base'], files: false },
  check: { args: '[--content DIR] [--format json] [FILE…]', does: '只检查内容，有错误时退出码为 1', options: ['content', 'format'], files: true },
  inspect: { args: 'FILE [--content DIR]', does: '以 JSON 打印一个文件的结构树和生成时识别到的县区、主题、网址及问题', options: ['content'], files: true },
  serve: { args: '[--out DIR] [--port N] [--host H]', does: '在本机预览已生成的网站（默认 127.0.0.1:8080）', options: ['out', 'port', 'host'], files: false },
  dev: { args: '[--content DIR] [--port N] [--host H]', does: '边写边预览：修改后页面自动刷新，出错时页面上显示错误', options: ['content', 'port', 'host'], files: false },
  new: { args: '[--content DIR]', does: '按模板新建今年的下一期（不会覆盖已有文件）', options: ['content'], files: false },
  import: { args: 'FILE|DIR… [--out DIR] [--force]', does: '把旧稿（纯文本、Markdown、Word .docx/.doc、WPS、RTF、ODT、PDF、扫描件、网页、剪报、博客文章）转为规范格式，默认写入 content/', options: ['out', 'force'], files: true },
} as const satisfies Record<string, { args: string; does: string; options: OptionName[]; files: boolean }>;
type Command = keyof typeof COMMANDS;

const OPTIONS = {
  content: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  base: { type: 'string' },
  format: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;
type OptionName = keyof typeof OPTIONS;
/** Every command takes these. */
const COMMON: OptionName[] = ['debug', 'help'];
/** What a value looks like, for the message when it is missing. */
const EXAMPLE: Partial<Record<OptionName, string>> = { content: 'content', out: 'dist', base: '/yaoxun/', format: 'json', port: '8080', host: '127.0.0.1' };

const usageLine = (command: Command) => `yaoxun ${command} ${COMMANDS[command].args}`;

const USAGE = `用法：yaoxun <命令> [选项]

${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(7)} ${c.args.padEnd(42)} ${c.does}`).join('\n')}

通用选项：--debug 出错时显示调用栈；-h、--help 显示本说明；-v、--version 显示版本`;

class UsageError extends Error {}

const optionList = (names: readonly OptionName[]) => names.map((n) => `--${n}`).join('、');

/**
 * The command line, checked against what the command takes: every mistake is one Chinese sentence
 * naming what to write instead, followed by the command's usage line.
 */
function parseCommandLine(argv: string[]) {
  const { values, positionals, tokens } = parseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const [command, ...files] = positionals;
  // --help and --version answer whatever else is written, so they are not checked against the command.
  if (command === undefined || values.help || values.version) return { command: command as Command | undefined, values, files };
  if (!Object.hasOwn(COMMANDS, command)) {
    const guess = nearestName(command, Object.keys(COMMANDS));
    throw new UsageError(`未知的命令「${command}」${guess ? `：是否应为「${guess}」？` : '。'}\n\n${USAGE}`);
  }
  const spec = COMMANDS[command as Command];
  const usage = `\n用法：${usageLine(command as Command)}（yaoxun --help 列出全部命令）`;
  const valid: OptionName[] = [...spec.options, ...COMMON];
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const { name, rawName } = token;
    if (!Object.hasOwn(OPTIONS, name)) {
      const guess = rawName.startsWith('--') ? nearestName(name, valid) : undefined;
      throw new UsageError(`未知的选项「${rawName}」：${guess ? `是否应为「--${guess}」？` : `${command} 可用的选项有 ${optionList(valid)}。`}${usage}`);
    }
    const option = name as OptionName;
    if (!valid.includes(option)) {
      const users = Object.entries(COMMANDS).filter(([, c]) => (c.options as readonly string[]).includes(option)).map(([n]) => n);
      throw new UsageError(`选项「${rawName}」不适用于 ${command} 命令（它用于 ${users.join('、')}）：${command} 可用的选项有 ${optionList(valid)}。${usage}`);
    }
    if (OPTIONS[option].type === 'boolean' && token.value !== undefined) {
      throw new UsageError(`选项「${rawName}」不带值：直接写 ${rawName}，不要写「=${token.value}」。${usage}`);
    }
    // parseArgs takes the next word as the value even when it is another option (--out --base).
    if (OPTIONS[option].type === 'string' && (token.value === undefined || (!token.inlineValue && /^-[^\d]/.test(token.value)))) {
      throw new UsageError(`选项「${rawName}」后面缺少值：例如 ${rawName} ${EXAMPLE[option]}。${usage}`);
    }
  }
  if (!spec.files && files.length) throw new UsageError(`${command} 命令不接受「${files[0]}」这样的参数。${usage}`);
  if (values.format !== undefined && values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(`--format 只能是 text 或 json，不能是「${values.format}」。${usage}`);
  }
  if (values.port !== undefined && !(/^\d{1,5}$/.test(String(values.port)) && Number(values.port) <= 65535)) {
    throw new UsageError(`端口「${values.port}」无效：请写 0–65535 之间的整数，例如 --port 8080。${usage}`);
  }
  return { command: command as Command, values, files };
}

/** The options as the commands use them, with their defaults. */
function settings(values: ReturnType<typeof parseArgs>['values']) {
  const text = (name: OptionName) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  return {
    /** Absent unless given: `inspect` looks for the content folder around the file otherwise. */
    contentGiven: text('content'),
    content: text('content') ?? 'content',
    out: text('out'),
    force: values.force === true,
    base: text('base') ?? '/',
    format: text('format') ?? 'text',
    port: Number(text('port') ?? 8080),
    host: text('host') ?? '127.0.0.1',
    debug: values.debug === true,
    help: values.help === true,
    version: values.version === true,
  };
}

/** A project's own templates/ and public/ win; otherwise the ones that ship with yaoxun. */
const projectDir = (name: string) => (existsSync(path.resolve(name)) ? path.resolve(name) : path.join(packageRoot, name));

/** The output folder is replaced whole, so it must never be the content, the project, or a parent of either. */
function safeOut(out: string, content: string): string {
  const target = path.resolve(out);
  const guarded = [path.resolve(content), process.cwd()];
  if (target === path.parse(target).root || guarded.some((g) => isWithin(target, g))) {
    throw new UsageError(`输出目录 ${out} 会覆盖内容或项目本身：请用单独的目录，例如 --out dist。`);
  }
  return target;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function listen(server: Server, host: string, port: number): Promise<void> {
  if (!LOOPBACK.has(host)) console.warn(`注意：--host ${host} 使本机以外的电脑也能访问预览。`);
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new UsageError(`端口 ${port} 已被占用：请换一个，例如 --port ${port + 1}。`) : e),
    );
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      console.log(`预览地址：http://${host.includes(':') ? `[${host}]` : host}:${actual}/  （Ctrl-C 结束）`);
      resolve();
    });
  });
}

/** Refuses a content folder that does not exist, saying what --content should name. */
function requireContent(content: string, what = '包含 issues/ 的目录') {
  if (!existsSync(content)) throw new UsageError(`找不到内容目录 ${content}：请用 --content 指定${what}。`);
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  const { command, files: args } = parsed;
  const values = settings(parsed.values);
  const out = values.out ?? 'dist';
  if (values.version) {
    const { version } = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
    console.log(`yaoxun ${version}`);
    return 0;
  }
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'build': {
      requireContent(values.content);
      const started = performance.now();
      const { build } = await import('./build.ts');
      const result = await build({
        content: values.content,
        out: safeOut(out, values.content),
        base: values.base.endsWith('/') ? values.base : values.base + '/',
        templates: projectDir('templates'),
        publicDir: projectDir('public'),
        timing: values.debug ? (stage, ms) => console.error(`  ${stage}: ${Math.round(ms)} ms`) : undefined,
        waiting: (folder) => console.error(`另一个 yaoxun 进程正在使用 ${folder}，等它完成后继续……`),
      });
      for (const file of result.files) for (const m of file.messages) console.error(formatMessage(file, m));
      if (result.errors > 0) {
        console.error(`有 ${result.errors} 个错误，网站未生成；${out} 保持原样。`);
        return 1;
      }
      for (const note of result.notes) console.error(note);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const counts = `${result.pages} 个页面（${result.issues} 期简报，${result.standalones} 篇文章）`;
      console.log(result.upToDate ? `${out} 已是最新的 ${counts}：内容、模板都没有变化，无需重新生成（用时 ${seconds} 秒）。` : `已生成 ${counts} → ${out}，用时 ${seconds} 秒。`);
      return 0;
    }
    case 'check': {
      requireContent(values.content);
      // Some files: only what their messages depend on (checkFiles.ts); none: the whole content folder.
      const { files, errors } = args.length ? await (await import('./checkFiles.ts')).checkFiles(values.content, args) : (await import('./check.ts')).checkContent(values.content);
      const shown = args.length ? files.filter((f) => args.some((a) => path.resolve(a) === path.resolve(f.path))) : files;
      console.log(values.format === 'json' ? JSON.stringify(reportJson(shown), null, 2) : formatReport(shown));
      return errors > 0 ? 1 : 0;
    }
    case 'inspect': {
      const [file, ...more] = args;
      if (!file) throw new UsageError('请给出要查看的文件，例如：yaoxun inspect content/issues/2022/11.md');
      if (more.length) throw new UsageError(`inspect 一次只查看一个文件：请分别运行 yaoxun inspect ${file} 和 yaoxun inspect ${more[0]}。`);
      if (!existsSync(file)) throw new UsageError(`找不到文件 ${file}：请检查路径，例如：yaoxun inspect content/issues/2022/11.md`);
      if (statSync(file).isDirectory()) throw new UsageError(`${file} 是目录：请给出其中的一个 .md 文件，例如：yaoxun inspect content/issues/2022/11.md`);
      const { contentFolderOf, inspectFile } = await import('./check.ts');
      const contentDir = values.contentGiven ?? contentFolderOf(file);
      if (values.contentGiven) requireContent(values.contentGiven);
      if (!contentDir) console.error(`注意：${file} 不在内容目录中（上级目录里没有 issues/），只按这个文件本身识别，没有主题表；可用 --content 指定内容目录。`);
      const inspected = inspectFile(file, contentDir);
      for (const source of [inspected.themesFile, inspected.file]) for (const m of source?.messages ?? []) console.error(formatMessage(source!, m));
      if (inspected.json) console.log(JSON.stringify(inspected.json, null, 2));
      return !inspected.json || inspected.file.messages.some(isError) ? 1 : 0;
    }
    case 'dev': {
      requireContent(values.content);
      const { startDev } = await import('./dev/devServer.ts');
      const dev = startDev({ content: values.content, templates: projectDir('templates'), publicDir: projectDir('public') });
      // A page served before the watcher is ready invites an edit the server would not see.
      await dev.ready;
      await listen(dev.server, values.host, values.port);
      console.log(`正在监视 ${values.content}、templates/、public/ 的修改。`);
      return new Promise<number>(() => {});
    }
    case 'new': {
      requireContent(values.content, '内容目录');
      const { newIssue } = await import('./newIssue.ts');
      const file = newIssue(values.content, projectDir('templates'));
      console.log(`已新建 ${file}：请填写其中括号里的内容，然后运行 yaoxun dev 预览。`);
      return 0;
    }
    case 'import': {
      if (args.length === 0) throw new UsageError('请给出要导入的文件或目录，例如：yaoxun import 旧稿/2022-11.txt');
      for (const input of args) if (!existsSync(input)) throw new UsageError(`找不到 ${input}。`);
      const { formatRow, formatSummary, importFiles } = await import('./import/importFiles.ts');
      const { ToolMissing } = await import('./import/tools.ts');
      let rows;
      try {
        rows = await importFiles(args, values.out ?? 'content', values.force);
      } catch (e) {
        // A program the run needs is not installed: one line saying which, and nothing written.
        if (!(e instanceof ToolMissing)) throw e;
        console.error(`${e.message}未写入任何文件。`);
        return 1;
      }
      for (const row of rows) console.log(formatRow(row) + '\n');
      if (rows.length > 1 || args.some((a) => statSync(a).isDirectory())) console.log(formatSummary(rows));
      return rows.some((r) => r.status === 'exists' || r.status === 'failed') ? 1 : 0;
    }
    case 'serve': {
      if (!existsSync(path.join(out, 'index.html'))) throw new UsageError(`${out} 中还没有网站：请先运行 yaoxun build。`);
      const { serveSite } = await import('./serve/serveSite.ts');
      await listen(serveSite(path.resolve(out)), values.host, values.port);
      return new Promise<number>(() => {});
    }
  }
}

// The site is written whole or not at all (see writeSite), so stopping at any point is safe.
process.on('SIGINT', () => {
  console.error('\n已中断：网站保持上次生成的样子。');
  process.exit(130);
});

const argv = process.argv.slice(2);
main(argv).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error((e as Error).message);
      process.exit(2);
    }
    // Only a build waits for a lock, so only then is write/lock.ts loaded (and with it LockedError).
    if (e instanceof Error && e.name === 'LockedError') {
      console.error(`${e.message}\n网站保持上次生成的样子。`);
      process.exit(75);
    }
    if (e instanceof TemplateError) {
      console.error(`${e.message}\n网站未生成，原来的输出保持不变。`);
      process.exit(1);
    }
    console.error(`yaoxun 内部错误：${(e as Error).message}`);
    if (argv.includes('--debug')) console.error((e as Error).stack);
    else console.error('（加 --debug 可看到详细信息；网站保持上次生成的样子。）');
    process.exit(70);
  },
);
