namespace EpochCompare.Flux.TextEncoding;

/// <summary>
/// The fixed word list of flux-tiny: the synthetic world's objects, colors, backgrounds and looks, the
/// style caption of the story, and common caption words. Order is part of the model (it fixes embedding
/// rows): append only, never reorder, or trained weights stop matching.
/// </summary>
public static class TinyVocabulary
{
    public static IReadOnlyList<string> Words { get; } =
    [
        // Punctuation.
        ",", ".", "!", "?", ":", ";", "-", "'", "\"", "(", ")", "/", "&", "+",
        // Function words.
        "a", "an", "the", "of", "on", "in", "with", "and", "or", "at", "by", "to", "from", "for",
        "is", "its", "it", "this", "that", "some", "two", "three", "one", "no", "not", "very",
        "over", "under", "near", "behind", "front", "next", "top", "bottom", "left", "right", "center",
        "middle", "corner", "side", "above", "below",
        // Objects of the synthetic world and neighbours.
        "car", "revolver", "gun", "pistol", "sword", "house", "tree", "cup", "mug", "boat", "ship",
        "fish", "flower", "chair", "key", "lamp", "ball", "star", "heart", "moon", "sun", "cloud",
        "bottle", "hat", "shoe", "clock", "book", "bird", "cat", "dog", "apple", "leaf", "table",
        "truck", "bus", "bicycle", "plane", "rocket", "robot", "toy", "object", "thing", "shape",
        // Shapes.
        "circle", "square", "triangle", "rectangle", "ring", "line", "lines", "dot", "dots", "stripe", "stripes",
        "round", "rounded", "shapes", "curve", "curved", "edge", "edges", "outline", "outlined",
        // Colors.
        "red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white",
        "gray", "grey", "cyan", "magenta", "teal", "navy", "gold", "golden", "silver", "beige",
        "dark", "light", "bright", "pale", "pastel", "colorful", "colored", "color", "colors",
        // Sizes and placement.
        "small", "large", "big", "tiny", "huge", "little", "tall", "short", "wide", "narrow",
        "rotated", "tilted", "upside", "down", "centered", "close", "far",
        // Backgrounds and scenes.
        "background", "backgrounds", "plain", "solid", "flat", "simple", "empty", "scene", "sky",
        "ground", "grass", "water", "wall", "floor", "studio",
        // Looks and the story's style caption.
        "ohwx", "style", "stylized", "3d", "2d", "render", "rendering", "rendered", "playful", "cartoon",
        "aesthetic", "featuring", "smooth", "glossy", "shiny", "matte", "surfaces", "surface", "soft",
        "shading", "shaded", "shadow", "shadows", "highlight", "highlights", "thick", "thin", "bold",
        "clean", "cute", "toylike", "plastic", "metal", "metallic", "wooden", "glass", "drawing",
        "illustration", "photo", "picture", "image", "icon", "sketch", "painting", "vector", "art",
        "realistic", "detailed", "minimal", "minimalist", "lighting", "texture", "pattern",
        // Quality words common in prompts.
        "high", "quality", "low", "best", "blurry", "ugly", "bad", "good", "sharp", "noise", "noisy",
    ];
}
