from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("tickets", views.TicketViewSet)
router.register("comments", views.CommentViewSet)

urlpatterns = router.urls
