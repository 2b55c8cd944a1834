// Page 'explorer' — being built.
import { el } from "../ui.js";

export default {
  route: "explorer",
  title: "Twins",
  async render(root) {
    root.append(el("h1", { text: "Twins" }), el("p", { class: "muted", text: "This page is being built." }));
  },
};
