using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Mit.Platform.Portal.Components;

/// <summary>
/// Signed-in pages run interactively on the server without prerendering: nothing can be typed into a page before it is
/// live (prerendered input would be lost when the circuit takes over), and each page loads its data once.
/// </summary>
public static class RenderModes
{
    public static readonly IComponentRenderMode Interactive = new InteractiveServerRenderMode(prerender: false);
}
