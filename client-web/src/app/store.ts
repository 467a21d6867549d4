// A small state store: one immutable state object, replaced on every change, and listeners that
// run after each change. Views read from it and never change it themselves.

export class Store<S> {
  #state: S
  readonly #listeners = new Set<(state: S, previous: S) => void>()

  constructor(initial: S) {
    this.#state = initial
  }

  get state(): S {
    return this.#state
  }

  update(change: (state: S) => S): void {
    const previous = this.#state
    const next = change(previous)
    if (next === previous) return
    this.#state = next
    for (const listener of this.#listeners) listener(next, previous)
  }

  subscribe(listener: (state: S, previous: S) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}
