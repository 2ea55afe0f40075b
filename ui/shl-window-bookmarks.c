/* shl-window-bookmarks.c: the bookmarks popover in the header bar
 * ("Remember this state", the list to go back to, remove), over the
 * sim's bookmarks (shl-sim.h), which are saved in the session. Ctrl+B
 * opens it; Ctrl+D remembers the state as "Step N" at once. */
#include "shl-window-private.h"

static void rebuild (ShlWindow *self);

static void
on_goto (GtkButton *b, gpointer data)
{
  ShlWindow *self = data;
  guint k = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (b), "shl-bookmark"));
  g_autoptr (GError) err = NULL;
  gtk_popover_popdown (GTK_POPOVER (self->marks.popover));
  if (!shl_sim_goto_bookmark (self->sim, k, &err))
    shl_window_show_error (self, "Could not go back to the bookmark", err);
}

static void
on_remove (GtkButton *b, gpointer data)
{
  ShlWindow *self = data;
  guint k = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (b), "shl-bookmark"));
  if (k < shl_sim_n_bookmarks (self->sim))
    shl_sim_remove_bookmark (self->sim, k);
  rebuild (self);
}

static void
remember (ShlWindow *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->marks.entry));
  shl_sim_add_bookmark (self->sim, name);
  gtk_editable_set_text (GTK_EDITABLE (self->marks.entry), "");
  rebuild (self);
}

static void
on_remember (GtkWidget *w, gpointer data)
{
  remember (data);
}

static GtkWidget *
row_for (ShlWindow *self, guint k)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *go = gtk_button_new_with_label (shl_sim_get_bookmark_name (self->sim, k));
  gtk_widget_set_hexpand (go, TRUE);
  gtk_widget_add_css_class (go, "flat");
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (go));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (go, "Go back to this state (undo returns)");
  GtkWidget *rm = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (rm, "flat");
  gtk_widget_set_tooltip_text (rm, "Forget this bookmark");
  g_object_set_data (G_OBJECT (go), "shl-bookmark", GUINT_TO_POINTER (k));
  g_object_set_data (G_OBJECT (rm), "shl-bookmark", GUINT_TO_POINTER (k));
  g_signal_connect (go, "clicked", G_CALLBACK (on_goto), self);
  g_signal_connect (rm, "clicked", G_CALLBACK (on_remove), self);
  gtk_box_append (GTK_BOX (row), go);
  gtk_box_append (GTK_BOX (row), rm);
  return row;
}

static void
rebuild (ShlWindow *self)
{
  GtkWidget *box = self->marks.list;
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (box)))
    gtk_box_remove (GTK_BOX (box), child);
  guint n = shl_sim_n_bookmarks (self->sim);
  for (guint k = 0; k < n; k++)
    gtk_box_append (GTK_BOX (box), row_for (self, k));
  if (n == 0)
    {
      GtkWidget *none = gtk_label_new ("No bookmarks yet. Remember a state to come back "
                                       "to it later; bookmarks are saved with the session.");
      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (none), 32);
      gtk_label_set_xalign (GTK_LABEL (none), 0.0);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
    }
}

static void
on_show (GtkWidget *popover, gpointer data)
{
  rebuild (data);
}

static void
act_bookmarks (GtkWidget *widget, const char *name, GVariant *p)
{
  ShlWindow *self = SHL_WINDOW (widget);
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->marks.button));
}

void
shl_window_bookmarks_class_init (GtkWidgetClass *wc)
{
  gtk_widget_class_install_action (wc, "win.bookmarks", NULL, act_bookmarks);
}

void
shl_window_bookmarks_init (ShlWindow *self)
{
  ShlWindowBookmarks *m = &self->marks;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new ("Bookmarks");
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_box_append (GTK_BOX (box), title);
  GtkWidget *add = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  m->entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (m->entry), "Name (default: the step)");
  gtk_widget_set_hexpand (m->entry, TRUE);
  g_signal_connect (m->entry, "activate", G_CALLBACK (on_remember), self);
  GtkWidget *keep = gtk_button_new_with_mnemonic ("_Remember This State");
  gtk_widget_add_css_class (keep, "suggested-action");
  g_signal_connect (keep, "clicked", G_CALLBACK (on_remember), self);
  gtk_box_append (GTK_BOX (add), m->entry);
  gtk_box_append (GTK_BOX (add), keep);
  gtk_box_append (GTK_BOX (box), add);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  m->list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroll), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroll), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), m->list);
  gtk_box_append (GTK_BOX (box), scroll);
  m->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (m->popover), box);
  g_signal_connect (m->popover, "show", G_CALLBACK (on_show), self);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (m->button), m->popover);
  rebuild (self);
}

/* for tests: the popover's rows, as the user would click them */
void
shl_window_bookmarks_remember (ShlWindow *self, const char *name)
{
  gtk_editable_set_text (GTK_EDITABLE (self->marks.entry), name ? name : "");
  remember (self);
}

guint
shl_window_bookmarks_n_rows (ShlWindow *self)
{
  guint n = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (self->marks.list); c; c = gtk_widget_get_next_sibling (c))
    n += GTK_IS_BOX (c);
  return n;
}

void
shl_window_bookmarks_click (ShlWindow *self, guint k)
{
  GtkWidget *row = gtk_widget_get_first_child (self->marks.list);
  for (guint j = 0; row && j < k; j++)
    row = gtk_widget_get_next_sibling (row);
  g_return_if_fail (row && GTK_IS_BOX (row));
  g_signal_emit_by_name (gtk_widget_get_first_child (row), "clicked");
}
