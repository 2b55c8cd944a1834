// Page 'contact' — being built.
import { el } from "../ui.js";

export default {
  route: "contact",
  title: "Contact centre",
  async render(root) {
    root.append(el("h1", { text: "Contact centre" }), el("p", { class: "muted", text: "This page is being built." }));
  },
};
