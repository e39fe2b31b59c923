/**
 * A figure holding SVG markup produced by a pure view function (line chart, complex plane,
 * colorbar). Keeps the last markup so it can be exported as .svg or rasterized to .png.
 */

export class SvgView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private markup = '';

  constructor(className: string, caption?: string) {
    this.element = document.createElement('figure');
    this.element.className = className;
    this.body = document.createElement('div');
    this.body.className = 'svg-body';
    this.element.append(this.body);
    if (caption) {
      const c = document.createElement('figcaption');
      c.textContent = caption;
      this.element.append(c);
    }
  }

  /** Replaces the drawing (no-op when the markup is unchanged). */
  set(markup: string): void {
    if (markup === this.markup) return;
    this.markup = markup;
    this.body.innerHTML = markup;
  }

  get svg(): string {
    return this.markup;
  }
}
