// Page 'branches' — being built.
import { el } from "../ui.js";

export default {
  route: "branches",
  title: "Branches",
  async render(root) {
    root.append(el("h1", { text: "Branches" }), el("p", { class: "muted", text: "This page is being built." }));
  },
};
