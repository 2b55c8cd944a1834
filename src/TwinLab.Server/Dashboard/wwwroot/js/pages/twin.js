// Page 'twin' — being built.
import { el } from "../ui.js";

export default {
  route: "twin",
  title: "Twin",
  async render(root) {
    root.append(el("h1", { text: "Twin" }), el("p", { class: "muted", text: "This page is being built." }));
  },
};
