from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("publishers", views.PublisherViewSet)
router.register("authors", views.AuthorViewSet)
router.register("tags", views.TagViewSet)
router.register("books", views.BookViewSet)

urlpatterns = router.urls
