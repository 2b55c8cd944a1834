// Page 'history' — being built.
import { el } from "../ui.js";

export default {
  route: "history",
  title: "History",
  async render(root) {
    root.append(el("h1", { text: "History" }), el("p", { class: "muted", text: "This page is being built." }));
  },
};
