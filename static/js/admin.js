// The back office: what Django's admin needs to pass axe.
//
// The select2 boxes of autocomplete fields are named by their own rendered
// value only, which is empty until something is chosen (axe:
// aria-input-field-name, WCAG 4.1.2). Name them by the field's label too.
(function () {
  "use strict";

  function labelOf(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = select.id + "-label";
    }
    return label;
  }

  function nameBox(select) {
    var label = labelOf(select);
    var box = select.nextElementSibling;
    if (!label || !box || !box.classList.contains("select2")) {
      return;
    }
    box.querySelectorAll('[role="combobox"]').forEach(function (combobox) {
      var rendered = combobox.getAttribute("aria-labelledby") || "";
      if (rendered.split(" ").indexOf(label.id) === -1) {
        combobox.setAttribute("aria-labelledby", (label.id + " " + rendered).trim());
      }
    });
    box.querySelectorAll('[role="textbox"]').forEach(function (value) {
      value.setAttribute("aria-labelledby", label.id);
    });
  }

  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(nameBox);
  }

  // Django's autocomplete.js builds the boxes when the page is ready, and for
  // each inline row added: name them once it has.
  window.addEventListener("load", nameAll);
  document.addEventListener("formset:added", function () {
    window.setTimeout(nameAll, 0);
  });
})();
