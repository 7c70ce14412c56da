// The back office: what Django's admin needs to pass axe (RD 1112/2018 counts
// the council's staff as users too). Each fix names what it mends; drop it once
// Django's own markup does the same.
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

  // The select2 boxes of autocomplete fields are named by their own rendered
  // value only, which is empty until something is chosen (axe:
  // aria-input-field-name, WCAG 4.1.2). Name them by the field's label too.
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

  // The filter boxes of a "horizontal" many-to-many field (SelectFilter2.js)
  // are labelled by a magnifier icon: a bare <span> with an aria-label, which
  // ARIA does not allow on an element without a role (axe:
  // aria-prohibited-attr). It is an image with a text alternative: say so.
  function nameFilterIcons() {
    document.querySelectorAll(".selector-filter .search-label-icon[aria-label]").forEach(
      function (icon) {
        icon.setAttribute("role", "img");
      }
    );
  }

  // Django's split date-and-time widget writes "Date:" and "Time:" as bare
  // text before its two boxes, so neither box has a label (axe: label, WCAG
  // 1.3.1 and 4.1.2). Make each text the label of its box.
  function labelDateTimeParts(root) {
    root.querySelectorAll("p.datetime > input[id]").forEach(function (input) {
      var text = input.previousSibling;
      if (!text || text.nodeType !== Node.TEXT_NODE || !text.textContent.trim()) {
        return;
      }
      var label = document.createElement("label");
      label.htmlFor = input.id;
      label.textContent = text.textContent.trim();
      text.textContent = text.textContent.replace(label.textContent, "");
      input.parentNode.insertBefore(label, input);
    });
  }

  labelDateTimeParts(document);

  // Django's autocomplete.js builds the boxes once jQuery finds the page ready,
  // which can come after the load event when every file is cached: name them
  // after both. SelectFilter2.js builds its boxes on load, before this runs.
  window.addEventListener("load", function () {
    nameAll();
    nameFilterIcons();
  });
  if (window.django && window.django.jQuery) {
    window.django.jQuery(function () {
      window.setTimeout(nameAll, 0);
    });
  }
  // And for each inline row added.
  document.addEventListener("formset:added", function (event) {
    labelDateTimeParts(event.target);
    window.setTimeout(nameAll, 0);
  });
})();
