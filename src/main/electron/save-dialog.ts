import { app, BrowserWindow, dialog, type SaveDialogOptions } from 'electron';
import path from 'node:path';

/**
 * The desktop's answer to "where should this export go?": a native save dialog, shown by the main
 * process so that the renderer never names a path itself. Null when the person dismisses it.
 */
export function exportPathChooser(
  fallbackWindow: () => BrowserWindow | null,
): (suggestedName: string) => Promise<string | null> {
  return async (suggestedName) => {
    let folder: string;
    try {
      folder = app.getPath('downloads');
    } catch {
      // Some Linux desktops define no downloads folder.
      folder = app.getPath('home');
    }
    const options: SaveDialogOptions = {
      title: 'Export CSV',
      buttonLabel: 'Export',
      defaultPath: path.join(folder, suggestedName),
      filters: [
        { name: 'CSV files', extensions: ['csv'] },
        { name: 'All files', extensions: ['*'] },
      ],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    // Attached to a window, the dialog is modal to it rather than floating behind.
    const window = BrowserWindow.getFocusedWindow() ?? fallbackWindow();
    const result = window
      ? await dialog.showSaveDialog(window, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
}
