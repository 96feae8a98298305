// yaoxun: the command line. Problems with content are reported as messages; anything unexpected
// is one Chinese sentence (the stack only with --debug), never a half-written site.
import { existsSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from './build.ts';
import { formatMessage, formatReport, reportJson, TemplateError } from './messages.ts';
// Each command loads what it needs when it runs (see the imports below), so a build with nothing
// to do, or `yaoxun serve`, starts without loading the parser, templates and the dev server.

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `用法：yaoxun <命令> [选项]

  build   [--content DIR] [--out DIR] [--base URL]   生成网站（默认 content/ → dist/）
  check   [--content DIR] [--format json]            只检查内容，有错误时退出码为 1
  inspect FILE                                       以 JSON 打印一期简报的结构树
  serve   [--out DIR] [--port N] [--host H]          在本机预览已生成的网站（默认 127.0.0.1:8080）
  dev     [--content DIR] [--port N] [--host H]      边写边预览：修改后页面自动刷新，出错时页面上显示错误
  new     [--content DIR]                            按模板新建今年的下一期（不会覆盖已有文件）
  import  FILE|DIR… [--out DIR] [--force]            把旧稿（纯文本、Markdown、博客文章）转为规范格式，默认写入 content/

通用选项：--debug 出错时显示调用栈`;

class UsageError extends Error {}

/** A project's own templates/ and public/ win; otherwise the ones that ship with yaoxun. */
const projectDir = (name: string) => (existsSync(path.resolve(name)) ? path.resolve(name) : path.join(packageRoot, name));

/** The output folder is replaced whole, so it must never be the content, the project, or a parent of either. */
function safeOut(out: string, content: string): string {
  const target = path.resolve(out);
  const guarded = [path.resolve(content), process.cwd()];
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + path.sep);
  if (target === path.parse(target).root || guarded.some((g) => inside(g, target))) {
    throw new UsageError(`输出目录 ${out} 会覆盖内容或项目本身：请用单独的目录，例如 --out dist。`);
  }
  return target;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function listen(server: Server, host: string, port: number): Promise<void> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`端口「${port}」无效：请写 0–65535 之间的整数，例如 --port 8080。`);
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

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      content: { type: 'string', default: 'content' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      base: { type: 'string', default: '/' },
      format: { type: 'string', default: 'text' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  const out = values.out ?? 'dist';
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'build': {
      if (!existsSync(values.content)) throw new UsageError(`找不到内容目录 ${values.content}：请用 --content 指定包含 issues/ 的目录。`);
      const started = performance.now();
      const result = await build({
        content: values.content,
        out: safeOut(out, values.content),
        base: values.base.endsWith('/') ? values.base : values.base + '/',
        templates: projectDir('templates'),
        publicDir: projectDir('public'),
        timing: values.debug ? (stage, ms) => console.error(`  ${stage}: ${Math.round(ms)} ms`) : undefined,
      });
      for (const file of result.files) for (const m of file.messages) console.error(formatMessage(file, m));
      if (result.errors > 0) {
        console.error(`有 ${result.errors} 个错误，网站未生成；${out} 保持原样。`);
        return 1;
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const counts = `${result.pages} 个页面（${result.issues} 期简报，${result.articles} 篇文章）`;
      console.log(result.upToDate ? `${out} 已是最新的 ${counts}：内容、模板都没有变化，无需重新生成（用时 ${seconds} 秒）。` : `已生成 ${counts} → ${out}，用时 ${seconds} 秒。`);
      return 0;
    }
    case 'check': {
      if (!existsSync(values.content)) throw new UsageError(`找不到内容目录 ${values.content}：请用 --content 指定包含 issues/ 的目录。`);
      const { checkContent } = await import('./check.ts');
      const { files, errors } = checkContent(values.content);
      const shown = args.length ? files.filter((f) => args.some((a) => path.resolve(a) === path.resolve(f.path))) : files;
      console.log(values.format === 'json' ? JSON.stringify(reportJson(shown), null, 2) : formatReport(shown));
      return errors > 0 ? 1 : 0;
    }
    case 'inspect': {
      const [file] = args;
      if (!file || !existsSync(file)) throw new UsageError(`请给出要查看的文件，例如：yaoxun inspect content/issues/2022/11.md`);
      const [{ readSource }, { parseDocument }] = await Promise.all([import('./load/loadContent.ts'), import('./parse/parseDocument.ts')]);
      const source = readSource(file, path.resolve(file).split(path.sep).includes('articles') ? 'article' : 'issue');
      const tree = parseDocument(source);
      for (const m of source.messages) console.error(formatMessage(source, m));
      if (tree) console.log(JSON.stringify(tree, null, 2));
      return tree ? 0 : 1;
    }
    case 'dev': {
      if (!existsSync(values.content)) throw new UsageError(`找不到内容目录 ${values.content}：请用 --content 指定包含 issues/ 的目录。`);
      const { startDev } = await import('./dev/devServer.ts');
      const dev = startDev({ content: values.content, templates: projectDir('templates'), publicDir: projectDir('public') });
      // A page served before the watcher is ready invites an edit the server would not see.
      await dev.ready;
      await listen(dev.server, values.host, Number(values.port));
      console.log(`正在监视 ${values.content}、templates/、public/ 的修改。`);
      return new Promise<number>(() => {});
    }
    case 'new': {
      if (!existsSync(values.content)) throw new UsageError(`找不到内容目录 ${values.content}：请用 --content 指定内容目录。`);
      const { newIssue } = await import('./newIssue.ts');
      const file = newIssue(values.content, projectDir('templates'));
      console.log(`已新建 ${file}：请填写其中括号里的内容，然后运行 yaoxun dev 预览。`);
      return 0;
    }
    case 'import': {
      if (args.length === 0) throw new UsageError('请给出要导入的文件或目录，例如：yaoxun import 旧稿/2022-11.txt');
      for (const input of args) if (!existsSync(input)) throw new UsageError(`找不到 ${input}。`);
      const { formatRow, formatSummary, importFiles } = await import('./import/importFiles.ts');
      const rows = importFiles(args, values.out ?? 'content', values.force);
      for (const row of rows) console.log(formatRow(row) + '\n');
      if (rows.length > 1 || args.some((a) => statSync(a).isDirectory())) console.log(formatSummary(rows));
      return rows.some((r) => r.status === 'exists' || r.status === 'failed') ? 1 : 0;
    }
    case 'serve': {
      if (!existsSync(path.join(out, 'index.html'))) throw new UsageError(`${out} 中还没有网站：请先运行 yaoxun build。`);
      const { serveSite } = await import('./serve/serveSite.ts');
      await listen(serveSite(path.resolve(out)), values.host, Number(values.port));
      return new Promise<number>(() => {});
    }
    default:
      throw new UsageError(`未知的命令「${command}」。\n\n${USAGE}`);
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
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error((e as Error).message);
      process.exit(2);
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
