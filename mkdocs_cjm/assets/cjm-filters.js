/* mkdocs-cjm: filters for the ranked lists of the opportunities page.
 *
 * Generated pages have raw HTML switched off, so the page carries no form:
 * the plugin writes a paragraph with the id "cjm-filters" whose data
 * attributes name the table columns to filter by (as their headers read,
 * in the site's language) and the words to show.  This script turns that
 * paragraph into one <select> per column, filled from the cells of every
 * table after it, and hides the rows that do not match.  A table without a
 * column ignores that filter.  A cell's values are its links, one each (a
 * shared opportunity links each of its journeys and stages), or else its
 * text: a title may hold any character, so no text is ever split.  All text
 * goes through textContent: nothing a map says can become markup.  Works
 * without a server, and with Material's instant navigation (document$),
 * which swaps pages without reloading.
 */
(function () {
  "use strict";

  function cellText(cell) {
    return cell ? cell.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // A shared opportunity links each of its journeys and stages: its row matches a
  // filter on any of them.  The " · " between them is for the eye only.
  function cellValues(cell) {
    var links = cell ? cell.querySelectorAll("a") : [];
    if (links.length) {
      return Array.prototype.map.call(links, cellText);
    }
    return [cellText(cell)];
  }

  function setup() {
    var marker = document.getElementById("cjm-filters");
    if (!marker || marker.getAttribute("data-cjm-ready")) {
      return;
    }
    var columns = (marker.getAttribute("data-columns") || "").split("|").filter(Boolean);
    var allLabel = marker.getAttribute("data-all") || "All";
    var noneLabel = marker.getAttribute("data-none") || "(none)";

    // Every table that follows the marker, with the index of each filter column in it.
    var tables = [];
    Array.prototype.forEach.call(document.querySelectorAll("table"), function (table) {
      if (!(marker.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING)) {
        return;
      }
      var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), cellText);
      var index = {};
      columns.forEach(function (column) {
        var at = headers.indexOf(column);
        if (at >= 0) {
          index[column] = at;
        }
      });
      if (Object.keys(index).length) {
        tables.push({ rows: table.querySelectorAll("tbody tr"), index: index });
      }
    });
    if (!tables.length) {
      return;
    }

    var selects = {};
    marker.textContent = "";
    columns.forEach(function (column) {
      var values = [];
      tables.forEach(function (table) {
        if (!(column in table.index)) {
          return;
        }
        Array.prototype.forEach.call(table.rows, function (row) {
          cellValues(row.cells[table.index[column]]).forEach(function (value) {
            if (values.indexOf(value) < 0) {
              values.push(value);
            }
          });
        });
      });
      if (!values.length) {
        return;
      }
      values.sort(function (a, b) {
        // "(none)" last; the rest alphabetically in the page's language.
        return (a === "") - (b === "") || a.localeCompare(b, document.documentElement.lang);
      });
      var label = document.createElement("label");
      label.className = "cjm-filter";
      label.appendChild(document.createTextNode(column + " "));
      var select = document.createElement("select");
      select.setAttribute("data-column", column);
      var all = document.createElement("option");
      all.value = "\u0000all";
      all.textContent = allLabel;
      select.appendChild(all);
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value || noneLabel;
        select.appendChild(option);
      });
      select.addEventListener("change", apply);
      label.appendChild(select);
      marker.appendChild(label);
      marker.appendChild(document.createTextNode(" "));
      selects[column] = select;
    });

    function apply() {
      tables.forEach(function (table) {
        Array.prototype.forEach.call(table.rows, function (row) {
          var shown = Object.keys(selects).every(function (column) {
            var wanted = selects[column].value;
            if (wanted === "\u0000all" || !(column in table.index)) {
              return true;
            }
            return cellValues(row.cells[table.index[column]]).indexOf(wanted) >= 0;
          });
          row.hidden = !shown;
        });
      });
    }

    marker.setAttribute("data-cjm-ready", "true");
    marker.classList.add("cjm-filters--ready");
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();

/* mkdocs-cjm: wide diagrams scroll with the keyboard too.
 *
 * A diagram wider than its column scrolls sideways in its own box (cjm.css).
 * Such a box takes the keyboard focus (tabindex 0), so that a reader without a
 * mouse can scroll it with the arrow keys; a box that fits does not, so it adds
 * no stop to the tab order.  Mermaid draws after the page has loaded, and
 * Material replaces each block with a new element when it draws, so every
 * .mermaid block is watched as it appears, and its size whenever the window
 * or the drawing changes.
 */
(function () {
  "use strict";

  if (typeof ResizeObserver === "undefined" || typeof MutationObserver === "undefined") {
    return;
  }

  var MARK = "data-cjm-scrolls";

  function update(block) {
    var scrolls = block.scrollWidth > block.clientWidth + 1;
    if (scrolls && !block.hasAttribute("tabindex")) {
      block.setAttribute("tabindex", "0");
      block.setAttribute(MARK, "");
    } else if (!scrolls && block.hasAttribute(MARK)) {
      block.removeAttribute("tabindex");
      block.removeAttribute(MARK);
    }
  }

  var sizes = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      update(entry.target);
    });
  });

  function watch(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) {
      return;
    }
    if (node.classList.contains("mermaid")) {
      sizes.observe(node);
    }
    Array.prototype.forEach.call(node.querySelectorAll(".mermaid"), function (block) {
      sizes.observe(block);
    });
  }

  watch(document.documentElement);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      Array.prototype.forEach.call(change.addedNodes, watch);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
