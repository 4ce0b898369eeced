/* Application form helpers: live character counters, budget total, and autosave.
 * Everything here is an extra: without JavaScript the form works through its plain buttons.
 * Texts come from data-* attributes that the template translates. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave-url]");
  if (!form) {
    return;
  }
  var labels = form.dataset;
  var AUTOSAVE_DELAY_MS = 2000;

  function interpolate(template, count) {
    return template.replace("%(count)s", String(count));
  }

  /* Character counters, announced politely to screen readers. */
  Array.prototype.forEach.call(form.querySelectorAll("[data-counter][maxlength]"), function (field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    var counter = document.createElement("div");
    counter.className = "form-text";
    counter.id = field.id + "_compteur";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var describedBy = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);
    function update() {
      var left = limit - field.value.length;
      counter.textContent = interpolate(left === 1 || left === 0 ? labels.remainingOne : labels.remainingMany, left);
      counter.classList.toggle("text-danger", left < 50);
    }
    field.addEventListener("input", update);
    update();
  });

  /* Budget: the requested amount is the total of the lines, shown as people type (the server
   * computes the same total when it saves the lines). */
  var sumOutput = form.querySelector("[data-budget-sum]");

  /* The same rule as dataide.formatting.parse_money: thousands grouped by three (space, no-break
   * or narrow no-break space, comma or dot), then at most two decimals after a comma or a dot. */
  var GROUP_SPACES = /[ \u00a0\u202f\u2009]+/g;
  var AMOUNT = /^(\d{1,3}(?:[ ,.]\d{3})+|\d+)(?:[.,](\d{1,2}))?$/;

  function parseAmount(text) {
    var cleaned = String(text || "").replace(GROUP_SPACES, " ").trim().replace(/^\$+|\$+$/g, "").trim();
    var match = AMOUNT.exec(cleaned);
    return match ? parseFloat(match[1].replace(/[ ,.]/g, "") + "." + (match[2] || "0")) : 0;
  }

  function updateBudget() {
    if (!sumOutput) {
      return;
    }
    var total = 0;
    Array.prototype.forEach.call(form.querySelectorAll("[data-budget-amount]"), function (field) {
      var row = field.closest("tr");
      var removed = row && row.querySelector("input[type=checkbox][name$='-DELETE']:checked");
      if (!removed) {
        total += parseAmount(field.value);
      }
    });
    var language = document.documentElement.lang || "fr-CA";
    var amount = document.createElement("strong");
    amount.textContent = new Intl.NumberFormat(language, { style: "currency", currency: "CAD" }).format(total);
    sumOutput.replaceChildren(amount);
  }

  form.addEventListener("input", updateBudget);
  form.addEventListener("change", updateBudget);
  updateBudget();

  /* Autosave: a few seconds after typing stops, and when the tab is hidden or closed. */
  var status = form.querySelector("[data-autosave-status]");
  var url = form.dataset.autosaveUrl;
  var csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var timer = null;
  var dirty = false;

  function payload() {
    var data = new FormData(form);
    data.delete("action");
    return data;
  }

  function save() {
    if (!dirty) {
      return;
    }
    dirty = false;
    if (status) {
      status.textContent = labels.saving;
    }
    fetch(url, {
      method: "POST",
      body: payload(),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfInput ? csrfInput.value : "", "X-Requested-With": "fetch" }
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        if (!status) {
          return;
        }
        var problems = (result.body.problems || []).join(" ");
        status.textContent = result.ok ? (result.body.message + (problems ? " " + problems : "")) : problems || labels.failed;
      })
      .catch(function () {
        dirty = true;
        if (status) {
          status.textContent = labels.failed;
        }
      });
  }

  function saveNowWithBeacon() {
    if (dirty && navigator.sendBeacon) {
      dirty = false;
      navigator.sendBeacon(url, payload());
    }
  }

  form.addEventListener("input", function () {
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, AUTOSAVE_DELAY_MS);
  });
  form.addEventListener("submit", function () {
    /* The button's own POST saves everything; nothing left for autosave. */
    window.clearTimeout(timer);
    dirty = false;
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      saveNowWithBeacon();
    }
  });
  window.addEventListener("pagehide", saveNowWithBeacon);
})();
