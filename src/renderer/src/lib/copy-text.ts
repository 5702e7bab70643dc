/**
 * Copies text: through the desktop app when it runs there, else the browser clipboard. Plain http on a
 * LAN address is not a secure context, so the clipboard API may be missing; the old selection trick works.
 */
export async function copyText(text: string): Promise<void> {
  const desktop = window.gatehouse?.desktop;
  if (desktop) return desktop.copyText(text);
  if (navigator.clipboard?.writeText) {
    try {
      return await navigator.clipboard.writeText(text);
    } catch {
      // Fall through: a denied permission still allows execCommand in a user gesture.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('Copying is not allowed here; select the text and press Ctrl+C.');
}
