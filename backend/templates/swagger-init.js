// Starts Swagger UI on /api/docs (a file, not an inline script: see backend/headers.py).
window.addEventListener("load", () => {
  const container = document.getElementById("swagger-ui-container");
  window.ui = SwaggerUIBundle({ url: container.dataset.specUrl, dom_id: "#swagger-ui-container" });
});
