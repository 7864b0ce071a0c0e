// Starts Swagger UI on the API's OpenAPI document (a static file: the CSP allows no inline scripts).
document.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) { return; }
  window.SwaggerUIBundle({
    url: node.dataset.url, domNode: node, deepLinking: false, tryItOutEnabled: false,
    onComplete: function () {
      // Swagger UI's server choice has no label of its own: name it for screen readers.
      node.querySelectorAll("select#servers").forEach(function (select) {
        select.setAttribute("aria-label", node.dataset.serversLabel || "Servers");
      });
    },
  });
});
