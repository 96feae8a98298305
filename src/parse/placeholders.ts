// The placeholder text of the `yaoxun new` template. The template writes each one from here and the
// check looks for each one here, so what `new` leaves to fill in and what `check` reports cannot drift.
import type { VFile } from 'vfile';
import { warning } from '../messages.ts';

/** Per placeholder: its text in the template, and what an editor writes in its place. */
export const PLACEHOLDERS = {
  editors: { text: '（责编姓名）', write: '责编的姓名，例如「郭婕」' },
  note: { text: '（编者按正文）', write: '编者按的正文' },
  unit: { text: '团××县委', write: '报送单位，例如「团盂县县委」' },
  title: { text: '（文章标题）', write: '文章标题' },
  lead: { text: '（导语）', write: '文章开头的导语' },
  firstSection: { text: '（第一部分标题）', write: '这一部分的标题' },
  secondSection: { text: '（第二部分标题）', write: '这一部分的标题' },
  point: { text: '（要点）', write: '这个要点的概括' },
  detail: { text: '（展开）', write: '这个要点的具体内容' },
} as const;

/** The texts by name, as the template reads them: {{ placeholder.unit }}. */
export const placeholderTexts = Object.fromEntries(Object.entries(PLACEHOLDERS).map(([name, p]) => [name, p.text]));

/** A warning for each placeholder on each line where it is still there. */
export function warnPlaceholders(file: VFile): void {
  String(file.value)
    .split('\n')
    .forEach((line, index) => {
      for (const { text, write } of Object.values(PLACEHOLDERS)) {
        const at = line.indexOf(text);
        if (at < 0) continue;
        warning(file, `第 ${index + 1} 行仍是模板的占位文字「${text}」：请换成${write}。`, { line: index + 1, column: at + 1 }, 'template-placeholder');
      }
    });
}
