import { Component, type ReactNode } from 'react';

export function FatalErrorScreen({ title, message }: { title: string; message: string }) {
  return (
    <main className="fatal" role="alert" aria-labelledby="fatal-title">
      <h1 id="fatal-title">{title}</h1>
      <p>{message}</p>
      <p>Your data is safe: Cairn writes nothing it has not finished.</p>
      <button type="button" className="button primary" onClick={() => window.location.reload()}>
        Reload Cairn
      </button>
    </main>
  );
}

/** The last line of defence: a render error shows a screen, not a blank window. */
export class FatalErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    console.error('Cairn crashed while drawing the window', error);
  }

  override render() {
    if (this.state.error) {
      return (
        <FatalErrorScreen
          title="Cairn hit a problem it could not recover from"
          message={this.state.error.message}
        />
      );
    }
    return this.props.children;
  }
}
